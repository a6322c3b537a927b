import { initialScripts } from './frontend';

describe('initialScripts', () => {
  it('lists the module entry and its modulepreloads, not lazy chunks or styles', () => {
    const html = `<!doctype html><html><head>
      <script type="module" crossorigin src="/assets/index-AbC123.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-Xy9.js">
      <link rel="stylesheet" crossorigin href="/assets/index-Q1.css">
      <link rel="icon" href="/favicon.svg">
    </head><body><div id="root"></div></body></html>`;
    expect(initialScripts(html)).toEqual(['/assets/index-AbC123.js', '/assets/vendor-Xy9.js']);
  });
});

/** Tests only: the text of a PDF (pdf-parse, on pdf.js), whitespace collapsed, to find what the récapitulatif states. */
export async function pdfText(data: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

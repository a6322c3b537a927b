import { placeholder } from './index'; test('x', () => expect(placeholder).toBe(1));

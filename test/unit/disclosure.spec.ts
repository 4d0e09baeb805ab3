import { maskName, quarterDates } from '../../libs/domain/disclosure';

test('names are masked for public notice: first and last character kept', () => {
  expect(maskName('张小明')).toBe('张*明');
  expect(maskName('欧阳娜娜')).toBe('欧**娜');
  expect(maskName('李四')).toBe('李*');
  expect(maskName(' 王 ')).toBe('*');
  expect(maskName('')).toBe('');
});

test('quarter dates', () => {
  expect(quarterDates(2026, 1)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  expect(quarterDates(2024, 1)).toEqual({ from: '2024-01-01', to: '2024-03-31' });
  expect(quarterDates(2026, 2)).toEqual({ from: '2026-04-01', to: '2026-06-30' });
  expect(quarterDates(2026, 4)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
});

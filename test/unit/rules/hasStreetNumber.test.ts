import { expect, test } from 'vitest';
import { hasStreetNumber } from '../../../src/rules/hasStreetNumber.js';

test.each([
  ['東京都港区芝5-7-1', true],
  ['東京都港区芝５－７－１', true], // full-width digits stay as written in free text
  ['東京都港区芝一丁目2番3号', true],
  ['東京都港区芝五丁目', true],
  ['北海道札幌市中央区北一条西百二十番地', true],
  ['大阪府大阪市北区梅田三番', true],
  ['神奈川県川崎市幸区①号棟', true],
  ['東京都港区芝', false],
  ['東京都千代田区一番町', false], // a town name, not a street number
  ['宮城県仙台市青葉区一番丁', false],
  ['東京都港区芝公園', false],
])('%s → %s', (address, expected) => {
  expect(hasStreetNumber(address)).toBe(expected);
});

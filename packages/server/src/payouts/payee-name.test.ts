import { describe, expect, it } from 'vitest';
import { accountNameMatches } from './payee-name.js';

describe('account name check', () => {
  it('matches a name as a bank would, and nothing else', () => {
    expect(accountNameMatches('张三', '张三')).toBe(true);
    expect(accountNameMatches('张三', ' 张 三 ')).toBe(true);
    expect(accountNameMatches('买买提·艾力', '买买提艾力')).toBe(true);
    expect(accountNameMatches('Li Wei', 'LI WEI')).toBe(true);
    expect(accountNameMatches('Ｌｉ Ｗｅｉ', 'Li Wei')).toBe(true); // full-width letters
    expect(accountNameMatches('张三', '张四')).toBe(false);
    expect(accountNameMatches('张三', '张三丰')).toBe(false);
    expect(accountNameMatches('', '')).toBe(false);
    expect(accountNameMatches(' · ', '')).toBe(false);
  });
});

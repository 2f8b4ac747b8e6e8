import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BSON } from 'mongodb';
import { escapeRegex } from '../../src/common/mongo/escape-regex.js';

describe('escapeRegex', () => {
  it('matches its text literally, metacharacters included', () => {
    for (const text of ['a.b*', '(x)|[y]', 'c++', '^$', 'back\\slash', 'a/b-c', '{1,2}?']) {
      const re = new RegExp(`^${escapeRegex(text)}$`, 'i');
      assert.ok(re.test(text), text);
      assert.ok(!re.test(`${text}!`), text);
    }
    assert.ok(!new RegExp(escapeRegex('a.b')).test('aXb'));
  });

  it('writes control characters as escapes, so the pattern can be sent to MongoDB', () => {
    for (const text of ['\u0000', 'Ber\u0000lin', 'tab\there', 'bell\u0007', '\u007f\u0085']) {
      const pattern = escapeRegex(text);
      assert.doesNotMatch(pattern, /\p{Cc}/u, JSON.stringify(text));
      assert.ok(new RegExp(`^${pattern}$`).test(text), JSON.stringify(text));
      assert.ok(!new RegExp(`^${pattern}$`).test(text.replace(/\p{Cc}/gu, '')), JSON.stringify(text));
      // The driver serialises a RegExp's source as a C string: a raw NUL throws there (the old 500).
      assert.doesNotThrow(() => BSON.serialize({ name: new RegExp(pattern, 'i') }), JSON.stringify(text));
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactPersonalData } from '../../src/modules/matching/engine/redact.js';

describe('redacting personal data from evidence text', () => {
  it('takes out emails, phone numbers, profile links and the name', () => {
    const text = 'Jane Person — jane.person@secret-mail.example — +49 30 5550199 — (030) 555-0199 — linkedin.com/in/jane-person https://github.com/jperson www.janeperson.dev\nSenior TypeScript engineer. Ask Jane.';
    const out = redactPersonalData(text, 'Jane Person');
    for (const leak of ['jane.person@', 'secret-mail', '5550199', '555-0199', 'linkedin.com', 'github.com', 'janeperson.dev', 'Jane', 'Person']) {
      assert.ok(!out.includes(leak), `"${leak}" is still in: ${out}`);
    }
    assert.ok(out.includes('Senior TypeScript engineer'), out);
  });

  it('keeps dates, periods and ordinary numbers', () => {
    const text = 'Backend Engineer 2019 - 2023, 03/2016 - 12/2019, 2020-01 to 2021-06; 40% faster; 120000 users.';
    assert.equal(redactPersonalData(text, 'Ann Lee'), text);
  });

  it('takes out names with punctuation and digits in them', () => {
    assert.equal(redactPersonalData('Jane Doe 1-d07698 (J.-P. O’Neil) writes TypeScript', 'Jane Doe 1-d07698'), '[name] (J.-P. O’Neil) writes TypeScript');
    assert.equal(redactPersonalData('J.-P. O’Neil (a+b) [x] writes Go', 'J.-P. O’Neil (a+b) [x]'), '[name] writes Go');
  });

  it('catches a cut-off email at a snippet edge', () => {
    assert.equal(redactPersonalData('…erson@secret-mail.example — Senior', null), '…[email] — Senior');
  });
});

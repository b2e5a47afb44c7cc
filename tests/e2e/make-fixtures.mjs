// Writes the small end-to-end fixtures into fixtures/ (committed; run again to regenerate).
//   node tests/e2e/make-fixtures.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('../../fixtures/', import.meta.url).pathname;
const put = (name, bytes) => writeFileSync(join(dir, name), bytes);

// A zip local-file header naming `name` (what .xlsx files and OneRoster bundles start with).
function zipHeader(name) {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0); // PK\x03\x04
  header.writeUInt16LE(20, 4); // version
  header.writeUInt16LE(6, 6); // flags
  header.writeUInt16LE(8, 8); // deflate
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([header, Buffer.from(name), Buffer.alloc(64, 0x5a)]);
}

put('workbook.xlsx', Buffer.concat([zipHeader('[Content_Types].xml'), zipHeader('xl/workbook.xml')]));
put('bundle.zip', Buffer.concat([zipHeader('users.csv'), zipHeader('demographics.csv')]));
put(
  'image.png',
  Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000000000200015e2bd2a60000000049454e44ae426082', 'hex'),
);
put('empty.csv', Buffer.alloc(0));
put('header-only.csv', 'sourcedId,status,dateLastModified,birthDate,sex\r\n');

const header = 'sourcedId,status,dateLastModified,birthDate,sex,cityOfBirth,metadata.homeLanguage';
// Windows-1252 (as Excel on Windows saves "CSV"): é is one byte, 0xE9; CRLF line endings.
put(
  'windows-1252.csv',
  Buffer.from(
    [header, '2001,,,2012-03-14,M,Bogot\xe1,spa', '2002,,,2011-07-02,F,San Jos\xe9,Spanish', '2003,,,2010-01-30,F,K\xf6ln,ger', ''].join('\r\n'),
    'latin1',
  ),
);
// Semicolons (Excel in many European locales), with Y/N flags and a UTF-8 BOM.
put(
  'semicolon.csv',
  '\ufeff' +
    [
      'sourcedId;birthDate;sex;asian;white;hispanicOrLatinoEthnicity',
      '3001;03/14/2012;Male;N;Y;N',
      '3002;2012-05-02;female;Y;N;N',
      '3003;2011-02-30;X;N;N;Y',
      '',
    ].join('\n'),
);
// UTF-16 LE with BOM (Excel's "Unicode Text"), tab-separated.
put(
  'utf16.csv',
  Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from(['sourcedId\tsex\tcityOfBirth', '4001\tmale\tZürich', '4002\tF\tMalmö', ''].join('\r\n'), 'utf16le'),
  ]),
);
console.log(`fixtures written to ${dir}`);

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

// fixtures/workbook.xlsx and fixtures/workbooks/ are written by scripts/make-workbooks.py.
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

// A real OneRoster zip (made by Python's zipfile, dated 2026-11-02): its files in a folder
// `export/`, with macOS junk; users.csv lacks a student of demographics.csv, whose rows are bulk
// while manifest.csv says delta. The end-to-end tests compare the page's corrected bundle with
// the CLI's.
import { spawnSync } from 'node:child_process';
const bundle = {
  'manifest.csv': 'propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\nfile.users,bulk\r\nfile.demographics,delta\r\n',
  'users.csv':
    'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n' +
    '0001,,,true,o1,student,a,,Ann,Lee,,S1,,,,,05,\r\n0002,,,true,o1,student,b,,Bo,Kim,,S2,,,,,05,\r\n0003,,,true,o1,student,c,,Cy,Ray,,S3,,,,,05,\r\nT1,,,true,o1,teacher,t,,Tia,Fox,,T1,,,,,,\r\n',
  'demographics.csv': 'sourcedId,sex,birthDate\r\n1,F,2014-03-04\r\n0002,male,2014-05-06\r\nT1,female,1980-01-01\r\n4040,male,2014-01-01\r\n',
};
const made = spawnSync(
  'python3',
  [
    '-c',
    `import json, sys, zipfile
files = json.loads(sys.argv[2])
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in files.items():
        z.writestr(zipfile.ZipInfo("export/" + name, (2026, 11, 2, 8, 30, 0)), text.encode(), zipfile.ZIP_DEFLATED)
    z.writestr(zipfile.ZipInfo("__MACOSX/export/._users.csv", (2026, 11, 2, 8, 30, 0)), b"\\x00\\x05\\x16\\x07")`,
    join(dir, 'OneRoster.zip'),
    JSON.stringify(bundle),
  ],
  { stdio: 'inherit' },
);
if (made.status !== 0) throw new Error('python3 could not make OneRoster.zip');

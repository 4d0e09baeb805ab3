import { randomBytes } from 'node:crypto';
import { TestStack } from '../support/stack';

/** Attachments (附件) on hardship files and aid cases: upload, list, audited download, bad input. */
let stack: TestStack;
let caseworker: string;
let chair: string;
let unionChair: string;
let fileId: string; // 周建国's demo file (G-01, in the caseworker's scope)
let otherFileId: string; // E2001's demo file (G-02, outside the caseworker's scope)
let caseId: string;
const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

/** A small but real PDF and PNG (the API checks the first bytes against the type). */
const pdf = Buffer.concat([
  Buffer.from('%PDF-1.4\n% 收入证明 income certificate of 周建国\n', 'utf8'),
  randomBytes(2048),
  Buffer.from('\n%%EOF\n'),
]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(512)]);

beforeAll(async () => {
  stack = await TestStack.start();
  [caseworker, chair, unionChair] = await Promise.all([
    stack.login('caseworker'),
    stack.login('branch-chair'),
    stack.login('union-chair'),
  ]);
  const files = await stack.http().get('/api/files?limit=100').set(auth(unionChair)).expect(200);
  const items = files.body.items as Array<{ id: string; workerEmployeeNo?: string; workerId: string }>;
  const workers = await stack.http().get('/api/workers?limit=100').set(auth(unionChair)).expect(200);
  const byNo = new Map(
    (workers.body.items as Array<{ id: string; employeeNo: string; fileId: string | null }>).map((w) => [
      w.employeeNo,
      w,
    ]),
  );
  fileId = byNo.get('E1001')!.fileId!;
  otherFileId = byNo.get('E2001')!.fileId!;
  expect(items.map((f) => f.id)).toEqual(expect.arrayContaining([fileId, otherFileId]));
  const c = await stack
    .http()
    .post('/api/cases')
    .set(auth(caseworker))
    .send({ workerId: byNo.get('E1001')!.id, program: 'illness', amountFen: 200_000, reason: '妻子住院手术' })
    .expect(201);
  caseId = c.body.id as string;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const rows = () => stack.count('SELECT 1 FROM attachments');

test('upload to a file: listed without content, downloaded byte for byte, encrypted at rest, one audit row per read', async () => {
  const up = await stack
    .http()
    .post(`/api/files/${fileId}/attachments`)
    .set(auth(caseworker))
    .attach('file', pdf, { filename: '收入证明.pdf', contentType: 'application/pdf' })
    .expect(201);
  const a = up.body as { id: string; fileName: string; contentType: string; sizeBytes: number };
  expect(a).toMatchObject({
    fileName: '收入证明.pdf',
    contentType: 'application/pdf',
    sizeBytes: pdf.length,
    uploadedByName: '李干事',
  });

  const list = await stack.http().get(`/api/files/${fileId}/attachments`).set(auth(chair)).expect(200);
  expect(list.body).toHaveLength(1);
  expect(list.body[0]).toMatchObject({ id: a.id, fileName: '收入证明.pdf', sizeBytes: pdf.length });
  expect(list.body[0]).not.toHaveProperty('content');
  expect(list.body[0]).not.toHaveProperty('contentEnc');
  expect(typeof list.body[0].createdAt).toBe('string');

  // stored encrypted: neither the bytes nor the readable text are in the column
  const stored = await stack.db.query<{ content_enc: Buffer; sha256: string }>(
    'SELECT content_enc, sha256 FROM attachments WHERE id = $1',
    [a.id],
  );
  const enc = stored.rows[0]!.content_enc;
  expect(enc.equals(pdf)).toBe(false);
  expect(enc.includes(Buffer.from('%PDF-'))).toBe(false);
  expect(enc.includes(Buffer.from('周建国', 'utf8'))).toBe(false);
  expect(enc.includes(pdf.subarray(100, 164))).toBe(false);

  const reads = () =>
    stack.count(`SELECT 1 FROM audit_log WHERE action = 'attachment.read' AND entity_id = $1`, [a.id]);
  expect(await reads()).toBe(0);
  for (const [i, token] of [chair, unionChair].entries()) {
    const dl = await stack
      .http()
      .get(`/api/attachments/${a.id}/content`)
      .set(auth(token))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('收入证明.pdf')}`,
    );
    expect((dl.body as Buffer).equals(pdf)).toBe(true);
    expect(await reads()).toBe(i + 1);
  }
  const audit = await stack.db.query<{ actor_name: string; details: { subjectId: string } }>(
    `SELECT actor_name, details FROM audit_log WHERE action = 'attachment.read' AND entity_id = $1 ORDER BY id`,
    [a.id],
  );
  expect(audit.rows.map((r) => r.actor_name)).toEqual(['王主席（一分厂）', '张主席（公司工会）']);
  expect(audit.rows[0]!.details.subjectId).toBe(fileId);

  // the upload is on the file's timeline
  const file = await stack.http().get(`/api/files/${fileId}`).set(auth(chair)).expect(200);
  expect((file.body.timeline as Array<{ type: string }>).map((e) => e.type)).toContain('attachment.uploaded');
});

test('the same bytes twice on one subject are one attachment; on another subject they are another', async () => {
  const first = await stack
    .http()
    .post(`/api/cases/${caseId}/attachments`)
    .set(auth(caseworker))
    .attach('file', png, { filename: 'visit.png', contentType: 'image/png' })
    .expect(201);
  const before = await rows();
  const again = await stack
    .http()
    .post(`/api/cases/${caseId}/attachments`)
    .set(auth(chair))
    .attach('file', png, { filename: 'visit-again.png', contentType: 'image/png' })
    .expect(200);
  expect(again.body.id).toBe(first.body.id);
  expect(again.body.fileName).toBe('visit.png');
  expect(await rows()).toBe(before);
  expect(
    await stack.count(`SELECT 1 FROM audit_log WHERE action = 'attachment.uploaded' AND entity_id = $1`, [
      caseId,
    ]),
  ).toBe(1);
  const list = await stack.http().get(`/api/cases/${caseId}/attachments`).set(auth(caseworker)).expect(200);
  expect(list.body.map((x: { id: string }) => x.id)).toEqual([first.body.id]);

  const onFile = await stack
    .http()
    .post(`/api/files/${fileId}/attachments`)
    .set(auth(caseworker))
    .attach('file', png, { filename: 'visit.png', contentType: 'image/png' })
    .expect(201);
  expect(onFile.body.id).not.toBe(first.body.id);
  expect(await rows()).toBe(before + 1);
});

test('bad input: 4xx naming the field and the rule, and no row written', async () => {
  const before = await rows();
  const post = (path: string, token = caseworker) => stack.http().post(path).set(auth(token));

  // a type not accepted
  const exe = await post(`/api/files/${fileId}/attachments`)
    .attach('file', Buffer.from('MZ\x90\x00 not a document'), { filename: 'tool.exe' })
    .expect(400);
  expect(exe.body.details[0]).toMatchObject({ field: 'file', rule: 'type' });
  expect(exe.body.details[0].message).toContain('.pdf');

  // an accepted extension with other content
  const fake = await post(`/api/files/${fileId}/attachments`)
    .attach('file', Buffer.from('<html>not a pdf</html>'), {
      filename: 'fake.pdf',
      contentType: 'application/pdf',
    })
    .expect(400);
  expect(fake.body.details[0]).toMatchObject({ field: 'file', rule: 'type' });

  // larger than 10 MB
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)]);
  const tooBig = await post(`/api/files/${fileId}/attachments`)
    .attach('file', big, { filename: 'scan.pdf' })
    .expect(413);
  expect(tooBig.body.details[0]).toMatchObject({ field: 'file', rule: 'max_size' });

  // no file, or in another field
  const none = await post(`/api/files/${fileId}/attachments`).field('note', 'x').expect(400);
  expect(none.body.details[0]).toMatchObject({ field: 'file', rule: 'required' });
  const wrongField = await post(`/api/files/${fileId}/attachments`)
    .attach('document', pdf, { filename: 'a.pdf' })
    .expect(400);
  expect(wrongField.body.details[0]).toMatchObject({ field: 'file', rule: 'multipart' });

  // an empty file
  const empty = await post(`/api/files/${fileId}/attachments`)
    .attach('file', Buffer.alloc(0), { filename: 'empty.pdf' })
    .expect(400);
  expect(empty.body.details[0]).toMatchObject({ field: 'file' });

  // unknown file and case; a file outside the caller's org scope looks the same
  const unknown = '00000000-0000-4000-8000-000000000000';
  const nf = await post(`/api/files/${unknown}/attachments`)
    .attach('file', pdf, { filename: 'a.pdf' })
    .expect(404);
  expect(nf.body.details[0]).toMatchObject({ field: 'id', rule: 'exists' });
  await post(`/api/cases/${unknown}/attachments`).attach('file', pdf, { filename: 'a.pdf' }).expect(404);
  await post(`/api/files/${otherFileId}/attachments`).attach('file', pdf, { filename: 'a.pdf' }).expect(404);
  await stack.http().get(`/api/files/${unknown}/attachments`).set(auth(caseworker)).expect(404);
  await stack.http().get(`/api/attachments/${unknown}/content`).set(auth(caseworker)).expect(404);
  const badId = await post(`/api/files/not-a-uuid/attachments`)
    .attach('file', pdf, { filename: 'a.pdf' })
    .expect(400);
  expect(badId.body.details[0].field).toBe('id');

  // a role that does not upload
  const finance = await stack.login('finance');
  await post(`/api/files/${fileId}/attachments`, finance)
    .attach('file', pdf, { filename: 'a.pdf' })
    .expect(403);

  expect(await rows()).toBe(before);
});

test('an attachment of a file outside the caller’s scope cannot be listed or read, and the refusal is not a read', async () => {
  const up = await stack
    .http()
    .post(`/api/files/${otherFileId}/attachments`)
    .set(auth(unionChair))
    .attach('file', pdf, { filename: '病历.pdf' })
    .expect(201);
  await stack.http().get(`/api/files/${otherFileId}/attachments`).set(auth(caseworker)).expect(404);
  await stack.http().get(`/api/attachments/${up.body.id}/content`).set(auth(caseworker)).expect(404);
  expect(
    await stack.count(`SELECT 1 FROM audit_log WHERE action = 'attachment.read' AND entity_id = $1`, [
      up.body.id,
    ]),
  ).toBe(0);
  const ok = await stack
    .http()
    .get(`/api/files/${otherFileId}/attachments`)
    .set(auth(unionChair))
    .expect(200);
  expect(ok.body).toHaveLength(1);
});

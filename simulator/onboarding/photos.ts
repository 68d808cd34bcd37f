// acctmgr v1.4 §3.20 upload-photos: identity card photos (both sides; for an enterprise, its legal
// representative's) and, for an enterprise, its licence (统一社会信用代码证), needed before the
// review can approve it. Each photo is Base64 (line breaks allowed, as the SDK demo sends them),
// at most 4 MiB, and must be the image type it claims. Photos are kept as files beside the state
// (store/files.ts) and shown only to the sandbox desk, with the admin token.
import { createHash } from 'node:crypto';
import type { Context } from '../domain/context.js';
import type { PhotoFile, PhotoKind, PhotoSet } from '../domain/model.js';
import { AccpError, badField, InputError } from '../domain/errors.js';
import { keys } from '../domain/state.js';
import { userOfType } from '../domain/users.js';
import { FileStore } from '../store/files.js';

export const MAX_PHOTO_BYTES = 4 * 1024 * 1024;

export interface UploadPhotos {
  oid_partner: string;
  user_id: string;
  id_emblem: string;
  id_portrait: string;
  id_filetype: string;
  unified_code?: string;
  unified_code_filetype?: string;
}

/** The first bytes of each image type the spec allows (bmp, png, jpeg, jpg, gif). */
const SIGNATURES: Record<string, readonly number[][]> = {
  jpeg: [[0xff, 0xd8, 0xff]],
  jpg: [[0xff, 0xd8, 0xff]],
  png: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  gif: [[0x47, 0x49, 0x46, 0x38, 0x37, 0x61], [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]],
  bmp: [[0x42, 0x4d]],
};

/** Decodes and checks one photo; 1005 naming the field when it is not what it claims. */
export function readPhoto(field: string, base64: string, filetype: string): Buffer {
  const text = base64.replace(/[\r\n\s]+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) throw badField(field, '不是合法的 Base64');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES) throw badField(field, '超过 4M');
  const signatures = SIGNATURES[filetype];
  if (!signatures || !signatures.some((sig) => sig.every((b, i) => bytes[i] === b))) throw badField(field, `内容不是 ${filetype} 图片`);
  return bytes;
}

/** §3.20 上传照片 */
export async function uploadPhotos(ctx: Context, req: UploadPhotos) {
  const user = await ctx.state.read((v) => userOfType(v, req.oid_partner, req.user_id));
  if (user.user_status === 'CANCEL') throw new AccpError('2001', undefined, 'a closed user cannot upload');
  const wanted: [PhotoKind, string, string][] = [
    ['id_emblem', req.id_emblem, req.id_filetype],
    ['id_portrait', req.id_portrait, req.id_filetype],
  ];
  if (user.user_type === 'INNERCOMPANY') {
    if (!req.unified_code) throw badField('unified_code', '不能为空（企业用户必填）');
    if (!req.unified_code_filetype) throw badField('unified_code_filetype', '不能为空（企业用户必填）');
  }
  if (req.unified_code) wanted.push(['unified_code', req.unified_code, req.unified_code_filetype ?? req.id_filetype]);
  const decoded = wanted.map(([kind, b64, type]) => ({ kind, type, bytes: readPhoto(kind, b64, type) }));
  const folder = FileStore.folderOf(req.oid_partner, req.user_id);
  const files: PhotoFile[] = decoded.map(({ kind, type, bytes }) => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = `photos/${folder}/${kind}-${sha256.slice(0, 16)}.${type}`;
    // Written before the record that names it: a crash in between leaves an unnamed file, never a record without its file.
    ctx.files.write(path, bytes);
    return { kind, filetype: type, bytes: bytes.length, sha256, path };
  });
  await ctx.state.transaction((tx) => {
    const set: PhotoSet = { oid_partner: req.oid_partner, user_id: req.user_id, files, uploaded_at: ctx.clock.now() };
    tx.put('photos', keys.user(req.oid_partner, req.user_id), set);
  });
  return { oid_partner: req.oid_partner, user_id: req.user_id };
}

/** The sandbox desk's view: which photos a user has, and one photo's bytes. */
export async function photosOf(ctx: Context, oidPartner: unknown, userId: unknown) {
  if (typeof oidPartner !== 'string' || typeof userId !== 'string') throw new InputError('oid_partner and user_id are required');
  const set = await ctx.state.read((v) => v.get('photos', keys.user(oidPartner, userId)));
  if (!set) throw new InputError('no photos for this user', 404);
  return set;
}

export async function photoBytes(ctx: Context, oidPartner: unknown, userId: unknown, kind: unknown): Promise<{ bytes: Buffer; filetype: string }> {
  const set = await photosOf(ctx, oidPartner, userId);
  const file = set.files.find((f) => f.kind === kind);
  if (!file) throw new InputError(`no ${String(kind)} photo`, 404);
  return { bytes: ctx.files.read(file.path), filetype: file.filetype };
}

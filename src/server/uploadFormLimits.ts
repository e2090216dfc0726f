/**
 * What a multipart upload may hold besides the file's bytes (its size limit is
 * PACKREG_MAX_FILE_MB): one file, a few fields, and few parts in all (busboy counts nameless parts,
 * which are skipped, as parts). Exceeding one is TOO_MANY_FILES / TOO_MANY_FIELDS / TOO_MANY_PARTS,
 * with the number in the message.
 */
export const UPLOAD_FORM_LIMITS = { files: 1, fields: 20, parts: 30 } as const;

/**
 * A document's file: its type by its first bytes, its size against the office's range, and the
 * POST straight to S3 with the presigned form (XMLHttpRequest, for progress events).
 */

import { i18n, t } from "../page.mjs";

/** The type by the file's first bytes (not its name): image/jpeg, image/png, application/pdf or null. */
export async function sniffType(file) {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const starts = (...bytes) => bytes.every((byte, index) => head[index] === byte);
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  return null;
}

/** A file's size as people read it: "134 byte", "9,5 KB", "240 KB", "1,2 MB" (1 KB = 1024 bytes). */
export function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${i18n.formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 })} MB`;
  if (bytes >= 10 * 1024) return `${i18n.formatNumber(Math.round(bytes / 1024))} KB`;
  if (bytes >= 1024) return `${i18n.formatNumber(bytes / 1024, { maximumFractionDigits: 1 })} KB`;
  return t("upload.bytes", { count: i18n.formatNumber(bytes) });
}

/** The string (a function of the language) saying why this size is refused, or null. */
export function sizeProblem(size, limits) {
  if (size === 0) return () => t("upload.empty");
  if (!limits) return null;
  if (size < limits.min) return () => t("upload.tooSmall", { size: formatBytes(size), min: formatBytes(limits.min) });
  if (size > limits.max) return () => t("upload.tooLarge", { size: formatBytes(size), max: formatBytes(limits.max) });
  return null;
}

class UploadFailed extends Error {
  constructor(status, s3Code) {
    super(`upload failed: ${status} ${s3Code ?? ""}`);
    this.status = status;
    this.s3Code = s3Code;
  }
}

/** POST the file to the presigned URL: every field of the policy first, the file last. */
export function sendToStorage(ticket, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
    form.append("file", file, file.name || "scan");
    const request = new XMLHttpRequest();
    request.open("POST", ticket.url);
    request.timeout = 5 * 60 * 1000;
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve();
        return;
      }
      const code = /<Code>([^<]+)<\/Code>/.exec(request.responseText ?? "")?.[1];
      reject(new UploadFailed(request.status, code));
    });
    request.addEventListener("error", () => reject(new UploadFailed(0)));
    request.addEventListener("timeout", () => reject(new UploadFailed(0, "timeout")));
    request.addEventListener("abort", () => reject(new UploadFailed(0, "abort")));
    request.send(form);
  });
}

export function uploadFailedText(error) {
  if (error.s3Code === "EntityTooLarge") return t("upload.tooLargePlain");
  if (error.s3Code === "EntityTooSmall") return t("upload.tooSmallPlain");
  if (error.s3Code === "AccessDenied" || error.status === 403) return t("upload.linkRefused");
  return t("upload.sendFailed");
}

// Saves bytes or text as a file through an <a download> on a Blob URL: nothing leaves the machine.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function downloadBlob(parts: BlobPart[], type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The browser has taken the URL once the click is handled; keep it a while for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadJson(value: unknown, fileName: string): void {
  downloadBlob([JSON.stringify(value, null, 2)], 'application/json', fileName);
}

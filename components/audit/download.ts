/** Saves text as a file through a temporary <a download> link. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; revoking synchronously can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file the background prepared (an export): saved as it came, with its own type. */
export function downloadFile(file: { filename: string; mime: string; content: string }): void {
  downloadText(file.filename, file.content, file.mime);
}

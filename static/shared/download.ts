/** Hands a text to the browser as a file download (a CSV export, say). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The browser has taken the file by then; the object URL is released.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

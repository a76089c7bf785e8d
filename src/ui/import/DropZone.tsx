// Files dropped anywhere on the app start an import; a dropped folder (a Shapefile's parts often travel in one)
// is walked for its files. While files are dragged over the window a full-window hint says what will happen.
import { useEffect, useRef, useState } from 'react';
import { t, type Lang } from '../i18n';
import { tabIsReadOnly, useTabAccess } from '../project/useTabLock';

const MAX_FOLDER_FILES = 2000;

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/** Reads every file of a dropped folder (depth-first), up to MAX_FOLDER_FILES. */
async function filesOfEntry(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (out.length >= MAX_FOLDER_FILES) return;
  if (entry.isFile) {
    const file = await new Promise<File | null>((resolve) => (entry as FileSystemFileEntry).file(resolve, () => resolve(null)));
    if (file) out.push(file);
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns the listing in batches until an empty one.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve) => reader.readEntries(resolve, () => resolve([])));
      if (batch.length === 0) break;
      for (const e of batch) await filesOfEntry(e, out);
    }
  }
}

async function droppedFiles(dt: DataTransfer): Promise<File[]> {
  const entries = Array.from(dt.items ?? [])
    .filter((i) => i.kind === 'file')
    .map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null));
  if (entries.length > 0 && entries.every((e) => e !== null) && entries.some((e) => e!.isDirectory)) {
    const out: File[] = [];
    for (const e of entries) await filesOfEntry(e!, out);
    return out;
  }
  return Array.from(dt.files ?? []);
}

/** Project files (.parkatlas) dropped go to `onProjectFile` (they open as the project); the rest are imported. */
export function ImportDropZone({ lang, onFiles, onProjectFile }: { lang: Lang; onFiles: (files: File[]) => void; onProjectFile?: (file: File) => void }) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const onFilesRef = useRef(onFiles);
  onFilesRef.current = onFiles;
  const onProjectRef = useRef(onProjectFile);
  onProjectRef.current = onProjectFile;
  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setOver(true);
    };
    const overWindow = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e) || !e.dataTransfer) return;
      // Never let the browser open the file in place of the app (the project would be lost).
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      // Another tab holds the project: the drop is refused (the hint said so).
      if (tabIsReadOnly()) return;
      void droppedFiles(e.dataTransfer).then((files) => {
        const toProject = onProjectRef.current;
        const project = toProject ? files.find((f) => f.name.toLowerCase().endsWith('.parkatlas')) : undefined;
        const rest = project ? files.filter((f) => !f.name.toLowerCase().endsWith('.parkatlas')) : files;
        if (project && toProject) toProject(project);
        if (rest.length > 0) onFilesRef.current(rest);
      });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overWindow);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overWindow);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  const readOnly = useTabAccess().mode === 'reader';
  if (!over) return null;
  return (
    <div className="import-drop" data-testid="import-drop" aria-hidden="true">
      <div className="import-drop-card">
        <strong>{t(lang, readOnly ? 'tab.readOnlyReason' : 'import.dropTitle')}</strong>
        {!readOnly && <span>{t(lang, 'import.dropFormats')}</span>}
      </div>
    </div>
  );
}

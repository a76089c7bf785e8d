// How large an input file Park Atlas reads in one piece. A file is parsed whole, and its features, typed records
// and results then take about ten times its size in memory (measured with the CLI on generated parcel layers:
// 50 MB of GeoJSON → 0.63 GB peak, 200 MB → 2.1 GB); the browser holds a copy or two more (worker, map).
// Offices run old machines with 4–8 GB, so a larger file is refused with a message, before it is read.
import { problem, type Problem } from '../schema/problems';

export const MAX_INPUT_BYTES = 100 * 1024 * 1024;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** An error naming the file and its size when it is over the limit; null when it may be read. */
export function inputSizeProblem(file: string, size: number, limit = MAX_INPUT_BYTES): Problem | null {
  if (size <= limit) return null;
  return problem(
    'error',
    'file-too-large',
    { file },
    `is ${mb(size)}; files over ${mb(limit)} are not read (reading one takes about ten times its size in memory): split the layer into several files, e.g. by zone or town, and open them together`,
    `文件大小 ${mb(size)}，超过 ${mb(limit)} 的文件不予读取（读取需约十倍于文件大小的内存）：请将图层拆分为多个文件（如按分区或乡镇）后一并打开`,
  );
}

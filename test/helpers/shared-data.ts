import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The real data sets kept beside the project in ../shared/data. */
export const SHARED_DATA = resolve(import.meta.dirname, "../../../shared/data");

/** Path of a file in ../shared/data; fails with a clear message when it is missing. */
export function sharedData(relative: string): string {
  const path = join(SHARED_DATA, relative);
  if (!existsSync(path)) {
    throw new Error(
      `Test data ${path} is missing: the tests need ../shared/data beside the project (see ../shared/data/README.md).`,
    );
  }
  return path;
}

import { z } from "zod";

/** Dataset names: letters, digits and _, so they read well in SQL, URLs and files. */
export const DATASET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export const datasetNameSchema = z
  .string()
  .regex(DATASET_NAME, "must start with a letter or _ and hold only letters, digits and _ (at most 63)")
  .describe("Name of a dataset in the store, such as `sales` or `order_events`.");

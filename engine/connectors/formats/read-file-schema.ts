/**
 * Reads the declared schema of a replayed file: the columns of a Parquet footer or an Avro
 * header (`file-schema.ts`), or `undefined` for line formats, whose schema is only what the
 * first records show.
 */
import { parquetSchema } from 'hyparquet';
import { openAvro } from './avro-reader.ts';
import { detectFormat, type Compression, type FileFormat } from './detect.ts';
import { avroColumns, parquetColumns, type FileColumn } from './file-schema.ts';
import { openParquet } from './parquet-reader.ts';

/**
 * @returns the file's columns, or `undefined` when its format declares none (JSON Lines, CSV, JSON).
 * @throws Error naming the file when it cannot be opened or its footer/header cannot be read.
 */
export async function readFileSchema(path: string, format: 'auto' | FileFormat = 'auto', compression: 'auto' | Compression = 'auto'): Promise<FileColumn[] | undefined> {
  const detected = detectFormat(path, format, compression);
  if (detected.format === 'parquet') {
    const file = await openParquet(path);
    try {
      return parquetColumns(parquetSchema(file.metadata));
    } finally {
      await file.close();
    }
  }
  if (detected.format === 'avro') {
    const file = await openAvro(path);
    try {
      return avroColumns(file.schema);
    } finally {
      await file.close();
    }
  }
  return undefined;
}

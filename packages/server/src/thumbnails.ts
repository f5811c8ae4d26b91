// Small face thumbnails for candidates and records, made on demand from the encrypted sample:
// 160 px JPEG data URLs, enough to compare with the person in front of the operator, small enough
// not to be a usable enrolment image.
import sharp from 'sharp';
import type { RecordDetail, Store } from '@candor/store';

export const THUMBNAIL_PX = 160;

export async function faceThumbnail(store: Store, rec: RecordDetail): Promise<string | undefined> {
  const sample = rec.samples.find((s) => s.modality === 'face');
  if (!sample) return undefined;
  try {
    const got = await store.records.getSampleImage(sample.id);
    if (!got) return undefined;
    const jpeg = await sharp(got.image).rotate().resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside' }).jpeg({ quality: 70 }).toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  } catch {
    return undefined; // an undecodable stored image shows no thumbnail rather than failing the search
  }
}

import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, services } from '@adonisjs/drive'

/*
| Where attachments of ideas are stored (`@adonisjs/drive`).
|
| - `fs` (default): the local disk under `storage/uploads` (or DRIVE_FS_ROOT). Files are
|   private: they are served by the proposals module's attachment controller, which checks
|   that the idea is visible, never by a public URL.
| - `s3`: any S3-compatible store. Set DRIVE_DISK=s3 and DRIVE_S3_BUCKET, DRIVE_S3_REGION,
|   DRIVE_S3_ENDPOINT (for MinIO, Yandex Object Storage, …), DRIVE_S3_KEY, DRIVE_S3_SECRET,
|   and install the AWS SDK (`npm install @aws-sdk/client-s3 @aws-sdk/s3-request-presigner`).
*/
const useS3 = env.get('DRIVE_DISK') === 's3'

const driveConfig = defineConfig({
  default: useS3 ? 's3' : 'fs',
  services: {
    fs: services.fs({
      location: env.get('DRIVE_FS_ROOT') ?? app.makePath('storage/uploads'),
      serveFiles: false,
      visibility: 'private',
    }),
    // Only configured when chosen: the S3 driver loads the AWS SDK, an optional dependency.
    ...(useS3 && {
      s3: services.s3({
        credentials: {
          accessKeyId: env.get('DRIVE_S3_KEY') ?? '',
          secretAccessKey: env.get('DRIVE_S3_SECRET') ?? '',
        },
        region: env.get('DRIVE_S3_REGION') ?? 'us-east-1',
        endpoint: env.get('DRIVE_S3_ENDPOINT'),
        forcePathStyle: true,
        bucket: env.get('DRIVE_S3_BUCKET') ?? '',
        visibility: 'private',
      }),
    }),
  },
})

export default driveConfig

declare module '@adonisjs/drive/types' {
  export interface DriveDisks extends InferDriveDisks<typeof driveConfig> {}
}

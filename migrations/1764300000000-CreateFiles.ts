import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFiles1764300000000 implements MigrationInterface {
  name = 'CreateFiles1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // linked_item_id gets its foreign key to shared_item once that table has landed.
    await queryRunner.query(`
      CREATE TABLE "file" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE RESTRICT,
        "document_number" varchar(100) NOT NULL,
        "title" varchar(300) NOT NULL,
        "linked_item_id" uuid,
        "current_revision" integer,
        "created_by" uuid NOT NULL REFERENCES "user"("id"),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "file_document_number_key" UNIQUE ("workspace_id", "document_number")
      )`);
    await queryRunner.query(
      `CREATE INDEX "file_workspace_created_idx" ON "file" ("workspace_id", "created_at" DESC, "id" DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE "file_revision" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "file_id" uuid NOT NULL REFERENCES "file"("id") ON DELETE RESTRICT,
        "seq" integer NOT NULL CHECK ("seq" >= 1),
        "label" varchar(20),
        "requested_label" varchar(20),
        "object_key" varchar(512) NOT NULL UNIQUE,
        "upload_id" varchar(1024),
        "part_size" bigint NOT NULL CHECK ("part_size" > 0),
        "size" bigint NOT NULL CHECK ("size" > 0),
        "sha256" char(64) NOT NULL CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
        "content_type" varchar(100) NOT NULL,
        "original_name" varchar(400) NOT NULL,
        "uploaded_by" uuid NOT NULL REFERENCES "user"("id"),
        "uploader_org_id" uuid NOT NULL REFERENCES "organization"("id"),
        "state" varchar NOT NULL DEFAULT 'uploading'
          CHECK ("state" IN ('uploading', 'available', 'rejected', 'superseded')),
        "rejection_reason" text,
        "review_state" varchar NOT NULL DEFAULT 'submitted'
          CHECK ("review_state" IN ('submitted', 'approved', 'changes_requested')),
        "review_note" text,
        "reviewed_by" uuid REFERENCES "user"("id"),
        "reviewed_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "completed_at" timestamptz,
        CONSTRAINT "file_revision_seq_key" UNIQUE ("file_id", "seq")
      )`);
    // At most one current revision per file, and labels never repeat within a file.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "file_revision_one_available_idx" ON "file_revision" ("file_id") WHERE "state" = 'available'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "file_revision_label_idx" ON "file_revision" ("file_id", "label") WHERE "label" IS NOT NULL`,
    );
    // The cleanup job scans only unfinished uploads.
    await queryRunner.query(
      `CREATE INDEX "file_revision_uploading_idx" ON "file_revision" ("created_at") WHERE "state" = 'uploading'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "file_revision"`);
    await queryRunner.query(`DROP TABLE "file"`);
  }
}

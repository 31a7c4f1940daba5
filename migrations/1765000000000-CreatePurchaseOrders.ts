import { MigrationInterface, QueryRunner } from 'typeorm';

/** Kingdee purchase orders as read models per workspace, their changes, links to shared items, and delivery confirmations. */
export class CreatePurchaseOrders1765000000000 implements MigrationInterface {
  name = 'CreatePurchaseOrders1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "kingdee_supplier_link" (
        "workspace_id" uuid PRIMARY KEY REFERENCES "workspace"("id") ON DELETE CASCADE,
        "supplier_number" varchar(64) NOT NULL,
        "supplier_name" varchar(300) NOT NULL,
        "linked_by" uuid NOT NULL,
        "linked_at" timestamptz NOT NULL DEFAULT now(),
        "last_synced_at" timestamptz,
        "last_sync_error" text
      )`);
    await queryRunner.query(`
      CREATE TABLE "purchase_order" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
        "kingdee_id" bigint NOT NULL,
        "number" varchar(64) NOT NULL,
        "order_date" date NOT NULL,
        "document_status" varchar(1) NOT NULL,
        "closed" boolean NOT NULL,
        "cancelled" boolean NOT NULL,
        "purchasing_org" varchar(300) NOT NULL,
        "buyer" varchar(300) NOT NULL,
        "synced_at" timestamptz NOT NULL,
        UNIQUE ("workspace_id", "kingdee_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "purchase_order_list" ON "purchase_order" ("workspace_id", "order_date" DESC, "id" DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE "purchase_order_line" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "order_id" uuid NOT NULL REFERENCES "purchase_order"("id") ON DELETE CASCADE,
        "entry_id" bigint NOT NULL,
        "line_number" int NOT NULL,
        "material_number" varchar(100) NOT NULL,
        "material_name" varchar(300) NOT NULL,
        "specification" varchar(300) NOT NULL,
        "quantity" numeric NOT NULL,
        "unit" varchar(40) NOT NULL,
        "delivery_date" date,
        "received_quantity" numeric NOT NULL,
        "remaining_quantity" numeric NOT NULL,
        "closed" boolean NOT NULL,
        UNIQUE ("order_id", "entry_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "purchase_order_line_due" ON "purchase_order_line" ("delivery_date")`,
    );
    await queryRunner.query(`
      CREATE TABLE "purchase_order_change" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
        "order_id" uuid NOT NULL REFERENCES "purchase_order"("id") ON DELETE CASCADE,
        "line_id" uuid REFERENCES "purchase_order_line"("id") ON DELETE CASCADE,
        "field" varchar(40) NOT NULL,
        "old_value" text,
        "new_value" text,
        "changed_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "purchase_order_change_recent" ON "purchase_order_change" ("workspace_id", "changed_at" DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE "purchase_order_item_link" (
        "order_id" uuid NOT NULL REFERENCES "purchase_order"("id") ON DELETE CASCADE,
        "item_id" uuid NOT NULL,
        "linked_by" uuid NOT NULL,
        "linked_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("order_id", "item_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "purchase_order_item_link_item" ON "purchase_order_item_link" ("item_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "delivery_confirmation" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "workspace_id" uuid NOT NULL REFERENCES "workspace"("id") ON DELETE CASCADE,
        "line_id" uuid NOT NULL REFERENCES "purchase_order_line"("id") ON DELETE CASCADE,
        "kind" varchar(16) NOT NULL CHECK ("kind" IN ('confirm', 'propose')),
        "previous_date" date,
        "proposed_date" date NOT NULL,
        "reason" text,
        "submitted_by" uuid NOT NULL,
        "submitted_at" timestamptz NOT NULL DEFAULT now(),
        "state" varchar(16) NOT NULL DEFAULT 'pending' CHECK ("state" IN ('pending', 'accepted', 'rejected')),
        "decided_by" uuid,
        "decided_at" timestamptz,
        "decision_note" text,
        "write_back" varchar(24) NOT NULL DEFAULT 'none',
        "write_back_error" text
      )`);
    // One open answer per line: a second one waits until the PM decided the first.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "delivery_confirmation_one_pending" ON "delivery_confirmation" ("line_id") WHERE "state" = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "delivery_confirmation_list" ON "delivery_confirmation" ("workspace_id", "submitted_at" DESC, "id" DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'delivery_confirmation',
      'purchase_order_item_link',
      'purchase_order_change',
      'purchase_order_line',
      'purchase_order',
      'kingdee_supplier_link',
    ])
      await queryRunner.query(`DROP TABLE "${table}"`);
  }
}

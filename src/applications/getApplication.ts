import type { Knex } from 'knex';

export interface ApplicationView {
  readonly receiptNo: string;
  readonly supportId: string;
  readonly customerName: string;
  readonly systemName: string;
  readonly resellerCode: string;
  readonly status: 'completed' | 'under_review' | 'rejected';
  readonly createdAt: string;
  readonly importId: string;
  readonly labelRecipient: string | null;
  readonly registrations: ReadonlyArray<{
    readonly packModel: string;
    readonly packSerial: string;
    readonly productModel: string;
    readonly productSerial: string;
    readonly serviceStart: string;
    readonly serviceEnd: string;
    readonly requestedServiceEnd: string | null;
    readonly endClamped: boolean;
    readonly released: boolean;
    readonly site: { name: string; postalCode: string; address: string; building: string; phone: string };
    readonly options: ReadonlyArray<{ model: string; quantity: number }>;
  }>;
  readonly labelShipment: { status: string; recipientUserId: string; exportedAt: string | null } | null;
  /** The operator's decision on an application that was under review (issue 11); null before one. */
  readonly review: { readonly decidedAt: string; readonly decidedBy: string; readonly reason: string | null } | null;
}

/**
 * One application with its registrations, options and label shipment: what `packreg status` and
 * `GET /v1/applications/:receiptNo` show. With `resellerCode`, another reseller's application is
 * simply not found (never "forbidden": its existence is not disclosed). Three queries whatever
 * the application's size.
 */
export async function getApplication(knex: Knex, receiptNo: string, resellerCode?: string): Promise<ApplicationView | null> {
  const q = knex('applications as a')
    .join('contracts as c', 'c.support_id', 'a.support_id')
    .where('a.receipt_no', receiptNo)
    .first('a.id', 'a.receipt_no', 'a.support_id', 'a.reseller_code', 'a.status', 'a.created_at', 'a.import_id',
      'a.label_recipient_user_id', 'a.reviewed_at', 'a.reviewed_by', 'a.review_reason', 'c.customer_name', 'c.system_name');
  if (resellerCode) q.andWhere('a.reseller_code', resellerCode);
  const app = await q;
  if (!app) return null;
  const regs = await knex('registrations as g')
    .where('g.application_id', app.id)
    .orderBy('g.import_seq')
    .select('g.*', knex.raw(`coalesce((select jsonb_agg(jsonb_build_object('model', o.option_model, 'quantity', o.quantity) order by o.option_model)
                                        from registration_options o where o.registration_id = g.id), '[]'::jsonb) as option_list`));
  const label = await knex('label_shipments').where({ application_id: app.id }).first('status', 'recipient_user_id', 'exported_at');
  return {
    receiptNo: app.receipt_no,
    supportId: app.support_id,
    customerName: app.customer_name,
    systemName: app.system_name,
    resellerCode: app.reseller_code,
    status: app.status,
    createdAt: new Date(app.created_at).toISOString(),
    importId: app.import_id,
    labelRecipient: app.label_recipient_user_id,
    registrations: regs.map((g: Record<string, unknown>) => ({
      packModel: String(g.pack_model),
      packSerial: String(g.pack_serial),
      productModel: String(g.product_model),
      productSerial: String(g.product_serial),
      serviceStart: String(g.service_start),
      serviceEnd: String(g.service_end),
      requestedServiceEnd: (g.requested_service_end as string | null) ?? null,
      endClamped: Boolean(g.end_clamped),
      released: g.released_at !== null,
      site: {
        name: String(g.site_name),
        postalCode: String(g.site_postal_code),
        address: String(g.site_address),
        building: String(g.site_building),
        phone: String(g.site_phone),
      },
      options: g.option_list as Array<{ model: string; quantity: number }>,
    })),
    labelShipment: label
      ? { status: label.status, recipientUserId: label.recipient_user_id, exportedAt: label.exported_at ? new Date(label.exported_at).toISOString() : null }
      : null,
    review: app.reviewed_at
      ? { decidedAt: new Date(app.reviewed_at).toISOString(), decidedBy: String(app.reviewed_by), reason: app.review_reason ?? null }
      : null,
  };
}

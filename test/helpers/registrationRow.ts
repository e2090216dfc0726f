/** A registration row as a test inserts it directly: a hardware pack on 300000001's R120. */
export function registrationRow(importId: string, applicationId: number, serial: string, seq = 1) {
  return {
    application_id: applicationId,
    pack_serial: serial,
    pack_model: 'SP-HW-12',
    support_id: '300000001',
    product_model: 'EXP-5800-R120',
    service_start: '2026-12-01',
    service_end: '2027-11-30',
    import_id: importId,
    import_seq: seq,
    source_row: seq + 1,
  };
}

/** What a notification says, from its outbox row (kind, payload) and the recipient's name. */
export interface NotificationFacts {
  readonly kind: string;
  readonly recipientName: string | null;
  readonly payload: {
    readonly receiptNo: string;
    readonly supportId: string;
    readonly status?: string;
    readonly reason?: string | null;
    readonly packs?: ReadonlyArray<{ packModel: string; packSerial: string; serviceStart: string; serviceEnd: string }> | null;
  };
}

export interface ComposedMail {
  readonly subject: string;
  readonly text: string;
}

interface KindText {
  readonly subjectJa: string;
  readonly subjectEn: string;
  readonly leadJa: (f: NotificationFacts) => string;
  readonly leadEn: (f: NotificationFacts) => string;
}

// The wording follows the portal's completion page (seed, STEP5): 追加登録受付のお知らせ, the
// review note for NX/VMware products, and "keep the receipt number for enquiries".
const KINDS: Readonly<Record<string, KindText>> = {
  application_received: {
    subjectJa: '追加登録受付のお知らせ',
    subjectEn: 'Support pack registration received',
    leadJa: (f) => (f.payload.status === 'under_review'
      ? 'サポートパック/サポートバンドルの追加登録を受け付けました。\n一部製品(NX、VMware製品など)につきましては、登録完了までにお時間がかかる場合がございます。順次手続きを行っておりますので、しばらくお待ちください。'
      : 'サポートパック/サポートバンドルの追加登録を受け付けました。'),
    leadEn: (f) => (f.payload.status === 'under_review'
      ? 'Your support pack registration has been received. Some products (NX, VMware, …) need a review before the registration is complete; we will let you know.'
      : 'Your support pack registration has been received.'),
  },
  review_approved: {
    subjectJa: '登録完了のお知らせ',
    subjectEn: 'Support pack registration completed',
    leadJa: () => '弊社にて登録内容を確認し、サポートパック/サポートバンドルの登録が完了しました。',
    leadEn: () => 'We have reviewed your support pack registration: it is now complete.',
  },
  review_rejected: {
    subjectJa: '登録をお受けできなかったお知らせ',
    subjectEn: 'Support pack registration not accepted',
    leadJa: (f) => `弊社にて登録内容を確認した結果、お申し込みをお受けできませんでした。${f.payload.reason ? `\n理由: ${f.payload.reason}` : ''}\n受付番号を添えて、お問い合わせください。`,
    leadEn: (f) => `We have reviewed your support pack registration and could not accept it.${f.payload.reason ? `\nReason: ${f.payload.reason}` : ''}\nPlease contact support with the receipt number.`,
  },
};

const STATUS_JA: Readonly<Record<string, string>> = { completed: '受付完了', under_review: '確認中', rejected: 'お受けできませんでした' };
const STATUS_EN: Readonly<Record<string, string>> = { completed: 'completed', under_review: 'under review', rejected: 'not accepted' };

/**
 * The e-mail for one outbox row: a Japanese body (the customers are Japanese service
 * administrators) followed by an English part, with the receipt number, support ID and packs.
 * Subjects carry the receipt number so a mailbox can be searched by it.
 */
export function composeNotification(facts: NotificationFacts): ComposedMail {
  const kind = KINDS[facts.kind] ?? KINDS.application_received!;
  const p = facts.payload;
  const packs = (p.packs ?? []).map((k) => `  ${k.packModel}  ${k.packSerial}  ${k.serviceStart}〜${k.serviceEnd}`);
  const status = p.status ?? '';
  const ja = [
    facts.recipientName ? `${facts.recipientName} 様` : 'サービス利用者 様',
    '',
    kind.leadJa(facts),
    '',
    `受付番号: ${p.receiptNo}`,
    `サポートID: ${p.supportId}`,
    ...(status ? [`状態: ${STATUS_JA[status] ?? status}`] : []),
    'サポートパック:',
    ...packs,
    '',
    '受付番号は、お問い合わせの際などに必要な番号となりますのでお控えください。',
  ];
  const en = [
    kind.leadEn(facts),
    '',
    `Receipt number: ${p.receiptNo}`,
    `Support ID: ${p.supportId}`,
    ...(status ? [`Status: ${STATUS_EN[status] ?? status}`] : []),
    'Support packs:',
    ...packs,
    '',
    'Please keep the receipt number for any enquiry.',
  ];
  return {
    subject: `【サポートパック登録】${kind.subjectJa} 受付番号 ${p.receiptNo} / ${kind.subjectEn}`,
    text: `${ja.join('\n')}\n\n---------- English ----------\n\n${en.join('\n')}\n`,
  };
}

/**
 * What certificate.hbs sees for one certificate: every sentence already worded, every figure
 * formatted (docs/domain.md §4, §6), so the template stays dumb and staff can restyle it freely.
 */
import type { CampaignConfig, CertificatesConfig } from '../../model/config.js';
import { formatDateLong, formatDateShort } from '../../format/date.js';
import { formatMoney } from '../../format/number.js';
import { summedAmountInWords } from '../../format/words.js';
import { clipText, foldForMatch } from '../../format/text.js';
import { purposeCampaign } from '../../format/purpose.js';
import type { IssuedCertificate } from '../../store/certificates.js';
import { issuerSentenceName } from './select.js';

export type CertificateView = {
  /** "GIẤY CHỨNG NHẬN" or "THƯ CẢM ƠN". */
  title: string;
  /** Letter layout ("Kính gửi", wishes) instead of the certificate's "CHỨNG NHẬN". */
  letter: boolean;
  issuerParents: string[];
  issuerBody: string;
  /** "0007/GCN" */
  number: string;
  /** "Số: 0007/GCN" */
  numberLine: string;
  /** "(Thay thế Giấy chứng nhận số 0003/GCN)" or "". */
  replacesLine: string;
  /** "Thực hiện Kế hoạch số 50/KH-MTTQ-BTT ngày 01/8/2023 của … về việc vận động …," */
  reference: string;
  /** "BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM HUYỆN AN LÃO" (certificate only). */
  issuerUpper: string;
  /** "Ông/Bà Nguyễn Văn An" or the organisation's name. */
  recipient: string;
  /** Longer names print smaller so every certificate stays on one page. */
  recipientSize: 'normal' | 'long' | 'very-long';
  /** "Địa chỉ: Thôn Tiên Hội, Xã Quang Hưng" / "Đơn vị: Thị trấn An Lão" / "". */
  addressLine: string;
  /** "Đã ủng hộ số tiền" / "Đã vận động ủng hộ số tiền" */
  amountLabel: string;
  /** "5.000.000 đồng" */
  amount: string;
  /** "Năm triệu đồng" */
  amountWords: string;
  thanks: string;
  commitment: string;
  /** Closing wish (letters); "" for certificates. */
  wishes: string;
  /** "An Lão, ngày 05 tháng 10 năm 2023" */
  placeDate: string;
  signerOnBehalf: string;
  signerTitle: string;
  signerName: string;
};

export const CERTIFICATE_TITLES = {
  'giay-chung-nhan': { title: 'GIẤY CHỨNG NHẬN', name: 'Giấy chứng nhận', suffix: '/GCN' },
  'thu-cam-on': { title: 'THƯ CẢM ƠN', name: 'Thư cảm ơn', suffix: '/TCO' },
} as const;

/** "0007/GCN" with the configured prefix, digits and suffix. */
export function formatCertificateNumber(settings: CertificatesConfig, number: number): string {
  const suffix = settings.number.suffix ?? CERTIFICATE_TITLES[settings.kind].suffix;
  return `${settings.number.prefix}${String(number).padStart(settings.number.digits, '0')}${suffix}`;
}

/** "0007-nguyen-van-an.pdf": ASCII only, safe in every file system and e-mail attachment. */
export function certificateFileName(settings: CertificatesConfig, certificate: Pick<IssuedCertificate, 'number' | 'name'>): string {
  const slug = foldForMatch(certificate.name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${String(certificate.number).padStart(settings.number.digits, '0')}${slug ? `-${slug}` : ''}.pdf`;
}

type CertificateContext = {
  config: CampaignConfig;
  settings: CertificatesConfig;
  /** ISO date printed on the certificates. */
  date: string;
};

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/** Businesses are thanked as "quý doanh nghiệp", other organisations as "quý cơ quan, đơn vị". */
function isBusiness(name: string): boolean {
  return /^(cong ty|cty|doanh nghiep|dntn|htx|hop tac xa|tong cong ty|tap doan|cua hang|nha hang|khach san|ho kinh doanh|hkd)\b/.test(foldForMatch(name));
}

/** The view of one issued certificate. */
export function buildCertificateView(certificate: IssuedCertificate, ctx: CertificateContext): CertificateView {
  const { config, settings } = ctx;
  const kind = CERTIFICATE_TITLES[settings.kind];
  const issuerName = settings.issuerName ?? issuerSentenceName(config.issuer.body, config.issuer.parents);
  const plan = config.campaign.plan;
  const number = formatCertificateNumber(settings, certificate.number);
  const letter = settings.kind === 'thu-cam-on';
  const unitOwn = certificate.origin === 'unit';
  const you = certificate.person ? 'Ông/Bà' : unitOwn ? 'quý tổ chức' : isBusiness(certificate.name) ? 'quý doanh nghiệp' : 'quý cơ quan, đơn vị';
  // One hostile cell must not push the certificate past its page: names and places are cut with "…".
  const recipient = clipText(certificate.recipient);
  const recipientLength = recipient.length;
  const unitName = clipText(certificate.unitName);
  const address = certificate.address && foldForMatch(certificate.address) !== foldForMatch(certificate.unitName)
    ? `${clipText(certificate.address)}, ${unitName}`
    : unitName;

  return {
    title: kind.title,
    letter,
    issuerParents: config.issuer.parents,
    issuerBody: config.issuer.body,
    number,
    numberLine: `Số: ${number}`,
    replacesLine:
      certificate.replaces !== undefined ? `(Thay thế ${kind.name} số ${formatCertificateNumber(settings, certificate.replaces)})` : '',
    reference:
      `Thực hiện Kế hoạch số ${plan.number} ngày ${formatDateShort(plan.date)} của ${issuerName} ` +
      `về việc ${purposeCampaign(config.campaign.purpose)},`,
    issuerUpper: issuerName.toLocaleUpperCase('vi'),
    recipient,
    recipientSize: recipientLength > 70 ? 'very-long' : recipientLength > 40 ? 'long' : 'normal',
    addressLine: unitOwn ? '' : `Địa chỉ: ${address}`,
    // A letter speaks to the recipient ("Ông/Bà đã ủng hộ …"); a certificate states the fact.
    amountLabel: `${letter ? `${capitalise(you)} đã` : 'Đã'} ${unitOwn ? 'vận động ủng hộ' : 'ủng hộ'} số tiền`,
    amount: `${formatMoney(certificate.amount)} đồng`,
    amountWords: summedAmountInWords(certificate.amount),
    thanks:
      `${issuerName} trân trọng ghi nhận và cảm ơn tấm lòng tương thân tương ái, tinh thần “lá lành đùm lá rách” ` +
      `của ${unitOwn ? 'quý tổ chức và các cán bộ, hội viên, đoàn viên, người lao động' : you}.`,
    commitment: 'Toàn bộ số tiền ủng hộ được quản lý, sử dụng đúng mục đích, công khai, minh bạch theo quy định.',
    wishes: letter
      ? certificate.person
        ? 'Kính chúc Ông/Bà và gia đình mạnh khỏe, hạnh phúc, thành công.'
        : `Kính chúc ${you} ngày càng phát triển.`
      : '',
    placeDate: `${config.issuer.place}, ${formatDateLong(ctx.date)}`,
    signerOnBehalf: config.issuer.signer.onBehalf ?? '',
    signerTitle: config.issuer.signer.title,
    signerName: config.issuer.signer.name,
  };
}

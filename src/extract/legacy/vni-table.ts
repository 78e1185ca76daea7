/**
 * VNI-Windows, the code of the VNI-Times / VNI-Helve fonts. A toned vowel is its base letter
 * followed by one mark byte; i and y-with-dot, ơ, ư and đ are single bytes of their own.
 * Rows are [VNI text as read through Windows-1252, Unicode letter], lower case; the capital
 * rows are the same bytes upper-cased, because every mark byte has a Latin-1 capital twin.
 * Cross-checked against two independent public tables (lamdao/xvnkb vni.h and
 * duydev/vietnamese-conversion src/charsets.ts).
 */
export const VNI_LOWER_TABLE: ReadonlyArray<readonly [vni: string, letter: string]> = [
  // a: sắc, huyền, hỏi, ngã, nặng
  ['aù', 'á'],
  ['aø', 'à'],
  ['aû', 'ả'],
  ['aõ', 'ã'],
  ['aï', 'ạ'],
  // ă: the breve mark is ê, the toned breve marks are é è ú ü ë
  ['aê', 'ă'],
  ['aé', 'ắ'],
  ['aè', 'ằ'],
  ['aú', 'ẳ'],
  ['aü', 'ẵ'],
  ['aë', 'ặ'],
  // â: the circumflex mark is â, the toned circumflex marks are á à å ã ä
  ['aâ', 'â'],
  ['aá', 'ấ'],
  ['aà', 'ầ'],
  ['aå', 'ẩ'],
  ['aã', 'ẫ'],
  ['aä', 'ậ'],
  // e
  ['eù', 'é'],
  ['eø', 'è'],
  ['eû', 'ẻ'],
  ['eõ', 'ẽ'],
  ['eï', 'ẹ'],
  // ê
  ['eâ', 'ê'],
  ['eá', 'ế'],
  ['eà', 'ề'],
  ['eå', 'ể'],
  ['eã', 'ễ'],
  ['eä', 'ệ'],
  // i: single bytes (í and ì happen to be themselves)
  ['í', 'í'],
  ['ì', 'ì'],
  ['æ', 'ỉ'],
  ['ó', 'ĩ'],
  ['ò', 'ị'],
  // o
  ['où', 'ó'],
  ['oø', 'ò'],
  ['oû', 'ỏ'],
  ['oõ', 'õ'],
  ['oï', 'ọ'],
  // ô
  ['oâ', 'ô'],
  ['oá', 'ố'],
  ['oà', 'ồ'],
  ['oå', 'ổ'],
  ['oã', 'ỗ'],
  ['oä', 'ộ'],
  // ơ: a lone ô byte
  ['ô', 'ơ'],
  ['ôù', 'ớ'],
  ['ôø', 'ờ'],
  ['ôû', 'ở'],
  ['ôõ', 'ỡ'],
  ['ôï', 'ợ'],
  // u
  ['uù', 'ú'],
  ['uø', 'ù'],
  ['uû', 'ủ'],
  ['uõ', 'ũ'],
  ['uï', 'ụ'],
  // ư: a lone ö byte
  ['ö', 'ư'],
  ['öù', 'ứ'],
  ['öø', 'ừ'],
  ['öû', 'ử'],
  ['öõ', 'ữ'],
  ['öï', 'ự'],
  // y: ỵ is a single byte
  ['yù', 'ý'],
  ['yø', 'ỳ'],
  ['yû', 'ỷ'],
  ['yõ', 'ỹ'],
  ['î', 'ỵ'],
  // đ
  ['ñ', 'đ'],
];

/** Capital rows: "AÙ" → "Á", "Ñ" → "Đ", "Î" → "Ỵ". */
export const VNI_UPPER_TABLE: ReadonlyArray<readonly [vni: string, letter: string]> = VNI_LOWER_TABLE.map(
  ([vni, letter]) => [vni.toUpperCase(), letter.toUpperCase()] as const,
);

/**
 * The one catalogue of data problems. Each code has a severity, a short title, a Vietnamese
 * message template ({param} placeholders filled from the issue's params) and a hint saying
 * what the submitter should do. The README's issue table is generated from this list
 * (`npm run docs:issues`).
 */
import type { CatalogueEntry } from './catalogue-entry.js';
import { REVIEW_ENTRIES } from './issue-catalogue-review.js';

export type { CatalogueEntry } from './catalogue-entry.js';

const entries = {
  // ---- Sources: the file as a whole -------------------------------------------------------
  SOURCE_NOT_FOUND: {
    severity: 'info',
    title: 'Không tìm thấy tệp',
    message: 'Không tìm thấy tệp nào khớp với "{pattern}" trong cấu hình.',
    hint: 'Kiểm tra đường dẫn trong tệp cấu hình, hoặc nhắc đơn vị gửi tệp báo cáo.',
  },
  SOURCE_UNREADABLE: {
    severity: 'error',
    title: 'Không đọc được tệp',
    message: 'Không đọc được tệp: {reason}.',
    hint: 'Mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi gửi lại.',
  },
  SOURCE_UNSUPPORTED_FORMAT: {
    severity: 'error',
    title: 'Định dạng tệp không hỗ trợ',
    message: 'Tệp có định dạng "{format}" không đọc được.',
    hint: 'Lưu tệp dưới dạng Excel (.xlsx) hoặc CSV rồi gửi lại.',
  },
  SOURCE_ENCRYPTED: {
    severity: 'error',
    title: 'Tệp có mật khẩu',
    message: 'Tệp được đặt mật khẩu nên không đọc được.',
    hint: 'Gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi gửi lại.',
  },
  SOURCE_NOT_SPREADSHEET: {
    severity: 'error',
    title: 'Không phải bảng tính',
    message: 'Tệp không phải là bảng tính Excel/CSV ({detected}).',
    hint: 'Gửi đúng tệp bảng tính danh sách ủng hộ.',
  },
  SOURCE_CORRUPT: {
    severity: 'error',
    title: 'Tệp bị hỏng',
    message: 'Tệp bị hỏng hoặc không trọn vẹn: {reason}.',
    hint: 'Mở tệp bằng Excel để kiểm tra, lưu lại rồi gửi lại.',
  },
  SOURCE_TOO_LARGE: {
    severity: 'error',
    title: 'Tệp quá lớn',
    message: 'Tệp vượt giới hạn cho phép: {reason}.',
    hint: 'Xóa các trang tính, dòng, cột thừa; chỉ giữ danh sách ủng hộ rồi gửi lại. Nếu danh sách thật sự lớn như vậy, người phụ trách phần mềm nâng giới hạn ghi trong ngoặc ở mục limits: của campaign.yaml.',
  },
  SOURCE_TIMEOUT: {
    severity: 'error',
    title: 'Đọc tệp quá lâu',
    message: 'Đọc tệp quá {seconds} giây nên đã dừng.',
    hint: 'Xóa các trang tính, dòng, cột thừa rồi gửi lại. Nếu tệp thật sự lớn, người phụ trách phần mềm nâng limits.parseTimeoutMs (tệp .xls/.ods: limits.convertTimeoutMs) trong campaign.yaml.',
  },
  SOURCE_CONVERTER_MISSING: {
    severity: 'error',
    title: 'Thiếu LibreOffice để chuyển đổi',
    message: 'Tệp .{extension} cần LibreOffice để chuyển sang .xlsx nhưng máy chưa cài LibreOffice.',
    hint: 'Cài LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-calc; Windows: libreoffice.org), hoặc nhờ đơn vị lưu lại dưới dạng .xlsx.',
  },
  SOURCE_NO_DATA: {
    severity: 'error',
    title: 'Tệp không có danh sách',
    message: 'Không tìm thấy bảng danh sách ủng hộ nào trong tệp.',
    hint: 'Danh sách cần có dòng tiêu đề với cột "Họ và tên" và cột "Số tiền".',
  },
  SOURCE_ANALYSIS_FAILED: {
    severity: 'error',
    title: 'Không phân tích được tệp',
    message: 'Đọc được tệp nhưng gặp lỗi khi phân tích nội dung ({reason}); tệp này chưa được tính.',
    hint: 'Gửi tệp này cho người phụ trách phần mềm; các tệp khác vẫn được tổng hợp bình thường.',
  },
  SOURCE_STALE: {
    severity: 'warning',
    title: 'Dùng số liệu cũ của tệp',
    message: 'Tệp hiện tại không dùng được nên tạm dùng số liệu đọc được ngày {date} (lần chạy {run}): {records} lượt, {amount} đồng.',
    hint: 'Sửa lỗi của tệp rồi gửi lại; lần chạy sau sẽ thay số liệu cũ bằng số liệu mới.',
  },
  SOURCE_CHANGING: {
    severity: 'error',
    title: 'Tệp đang được ghi',
    message: 'Tệp thay đổi trong lúc đọc ({times} lần, đã chờ khoảng {seconds} giây), có thể đang được chép vào hoặc lưu đè, nên lần này không tính để tránh tính nửa danh sách.',
    hint: 'Đợi chép hoặc lưu tệp xong rồi chạy lại; lần chạy sau sẽ đọc tệp đầy đủ.',
  },

  // ---- Which files are sources, and what they yielded (src/intake/resolve.ts, src/review/same-list.ts) ----
  SOURCE_OUTSIDE_CAMPAIGN: {
    severity: 'error',
    title: 'Tệp nằm ngoài thư mục đợt vận động',
    message: 'Đường dẫn "{path}" trỏ ra ngoài thư mục đợt vận động nên không đọc.',
    hint: 'Chép tệp vào thư mục đợt vận động (ví dụ submissions/) rồi sửa đường dẫn; nếu thật sự cần đọc ở thư mục khác, ghi thư mục đó vào allowSourcesFrom trong cấu hình.',
  },
  SOURCE_NOT_REGULAR: {
    severity: 'error',
    title: 'Không phải tệp thường',
    message: 'Đường dẫn "{path}" là {what}, không phải tệp bảng tính, nên không đọc.',
    hint: 'Ghi đường dẫn tới đúng tệp danh sách (.xlsx, .xls, .csv) trong cấu hình.',
  },
  SOURCE_IN_OUTPUT: {
    severity: 'warning',
    title: 'Bỏ qua tệp trong thư mục kết quả',
    message: 'Bỏ qua {count} tệp khớp "{pattern}" nằm trong thư mục kết quả "{folder}" (ví dụ "{example}"): tệp do tonghop tạo ra không bao giờ được tính là nguồn.',
    hint: 'Sửa mẫu tên tệp để không chạm tới thư mục kết quả, ví dụ "submissions/*.xlsx" thay vì "**/*.xlsx".',
  },
  SOURCE_CLAIMED_TWICE: {
    severity: 'error',
    title: 'Một tệp khớp nguồn của hai đơn vị',
    message: 'Tệp "{path}" khớp nguồn "{pattern}" của đơn vị "{unit}" nhưng cũng là nguồn "{ownerPattern}" của đơn vị "{owner}"; chỉ đọc một lần và tính cho "{owner}".',
    hint: 'Sửa đường dẫn hoặc mẫu tên tệp trong cấu hình để mỗi tệp chỉ thuộc một đơn vị.',
  },
  SOURCE_PATH_UNMATCHED: {
    severity: 'warning',
    title: 'Đường dẫn không khớp tệp nào',
    message: 'Đơn vị "{unit}" chưa có số liệu vì đường dẫn "{pattern}" không khớp tệp nào. Tệp có tên gần giống: {closest}.',
    hint: 'Sửa đường dẫn trong cấu hình cho đúng tên tệp (chú ý dấu, khoảng trắng, ngoặc, đuôi tệp), hoặc nhắc đơn vị gửi tệp.',
  },
  LIST_REPEATED: {
    severity: 'error',
    title: 'Cùng một danh sách nộp hai lần',
    message: 'Danh sách ở "{source}" {how} với "{other}" của đơn vị "{otherUnit}" ({rows} dòng, {amount} đồng); chỉ tính một lần ở "{other}".',
    hint: 'Nếu gửi nhầm, xóa tệp thừa hoặc sửa cấu hình; nếu đây là danh sách khác, gửi lại đúng tệp.',
  },
  UNIT_NO_ROWS: {
    severity: 'error',
    title: 'Đơn vị gửi tệp nhưng không có dòng ủng hộ nào',
    message: 'Đơn vị "{unit}" có tệp nhưng không đọc được dòng ủng hộ nào nên chưa tính là đã báo cáo: {why}.',
    hint: 'Mở tệp kiểm tra: danh sách cần dòng tiêu đề có cột họ tên và cột số tiền; tệp CSV nên lưu dạng "CSV UTF-8".',
  },
  DATE_OUTSIDE_PERIOD: {
    severity: 'warning',
    title: 'Ngày ủng hộ ngoài thời gian vận động',
    message: 'Ngày {date} của "{name}" nằm ngoài thời gian vận động ({from} – {to}); khoản {amount} đồng vẫn được cộng.',
    hint: 'Kiểm tra lại ngày (gõ nhầm năm hoặc tháng?); nếu khoản này thuộc đợt khác, chuyển sang danh sách của đợt đó.',
  },
  SUBMISSION_TIME_UNKNOWN: {
    severity: 'info',
    title: 'Chưa rõ ngày gửi báo cáo',
    message: 'Thời điểm sửa tệp ({modified}) muộn hơn {limit}, nên không phải ngày đơn vị gửi (tệp đã được chép hoặc lưu lại); coi như chưa rõ ngày gửi.',
    hint: 'Ghi ngày nhận (submittedAt) của đơn vị trong cấu hình, hoặc để đơn vị ghi dòng "…, ngày … tháng … năm …" dưới danh sách.',
  },

  // ---- Google Sheets and Drive sources (src/intake/google, docs/google.md) ----------------
  GOOGLE_AUTH: {
    severity: 'error',
    title: 'Không đăng nhập được Google',
    message: 'Không đăng nhập được Google bằng tài khoản dịch vụ: {reason}.',
    hint: 'Kiểm tra tệp khóa tài khoản dịch vụ (mục google.credentials trong cấu hình hoặc biến môi trường GOOGLE_APPLICATION_CREDENTIALS); cách tạo khóa: docs/google.md.',
  },
  GOOGLE_NOT_SHARED: {
    severity: 'error',
    title: 'Bảng tính chưa được chia sẻ',
    message: 'Bảng tính (mã {id}) chưa được chia sẻ cho tài khoản dịch vụ {email} nên không đọc được.',
    hint: 'Mở bảng tính trên Google → Chia sẻ → thêm địa chỉ e-mail của tài khoản dịch vụ nêu trong thông báo, quyền Người xem.',
  },
  GOOGLE_NOT_FOUND: {
    severity: 'error',
    title: 'Không tìm thấy trên Google Drive',
    message: 'Không tìm thấy {what} (mã {id}) trên Google: đã bị xóa, sai mã, hoặc chưa được chia sẻ cho tài khoản dịch vụ {email}.',
    hint: 'Kiểm tra đường dẫn trong cấu hình; nếu tệp hoặc thư mục vẫn còn, chia sẻ cho tài khoản dịch vụ với quyền Người xem.',
  },
  GOOGLE_QUOTA: {
    severity: 'error',
    title: 'Vượt hạn mức truy cập Google',
    message: 'Google từ chối vì vượt hạn mức truy cập, đã thử {attempts} lần: {reason}.',
    hint: 'Chạy lại sau vài phút, hoặc giảm google.quota.requests trong cấu hình.',
  },
  GOOGLE_UNAVAILABLE: {
    severity: 'error',
    title: 'Không kết nối được Google',
    message: 'Không đọc được dữ liệu từ Google, đã thử {attempts} lần: {reason}.',
    hint: 'Kiểm tra kết nối Internet rồi chạy lại; mạng chậm thì tăng google.timeoutSeconds trong cấu hình.',
  },
  GOOGLE_API_DISABLED: {
    severity: 'error',
    title: 'Chưa bật API của Google',
    message: 'Dự án Google Cloud của tài khoản dịch vụ chưa bật {api}.',
    hint: 'Vào Google Cloud Console → API và dịch vụ → bật "Google Sheets API" và "Google Drive API" cho dự án (docs/google.md).',
  },
  GOOGLE_REQUEST_FAILED: {
    severity: 'error',
    title: 'Google từ chối yêu cầu',
    message: 'Google trả lỗi {status}: {reason}.',
    hint: 'Kiểm tra mã bảng tính hoặc thư mục trong cấu hình; nếu lỗi lặp lại, báo người phụ trách kỹ thuật.',
  },
  GOOGLE_FILE_UNMATCHED: {
    severity: 'warning',
    title: 'Tệp trên Drive chưa rõ của đơn vị nào',
    message: 'Tệp "{name}" trong thư mục Google Drive chưa xác định được của đơn vị nào ({reason}) nên chưa cộng vào.',
    hint: 'Đặt tên tệp có mã hoặc tên đơn vị (ví dụ "xa-an-tho.xlsx" hoặc "Xa An Tho.xlsx"), hoặc ghi tên tệp vào mục map của thư mục trong cấu hình.',
  },

  // ---- Units ----------------------------------------------------------------------------
  UNIT_MISSING: {
    severity: 'warning',
    title: 'Đơn vị chưa báo cáo',
    message: 'Đơn vị "{unit}" chưa gửi báo cáo.',
    hint: 'Liên hệ đơn vị để đôn đốc gửi danh sách ủng hộ.',
  },
  UNIT_LATE: {
    severity: 'warning',
    title: 'Đơn vị gửi báo cáo chậm',
    message: 'Đơn vị "{unit}" gửi báo cáo ngày {submitted}, chậm {days} ngày so với hạn {deadline} (nguồn thời điểm: {via}).',
    hint: 'Đôn đốc đơn vị gửi báo cáo đúng hạn; nếu đơn vị đã gửi đúng hạn qua đường khác, ghi ngày nhận (submittedAt) của đơn vị trong cấu hình.',
  },

  // ---- Sheets and headers ---------------------------------------------------------------
  SHEET_NO_HEADER: {
    severity: 'info',
    title: 'Trang tính không có dòng tiêu đề',
    message: 'Trang tính "{sheet}" không có dòng tiêu đề danh sách nên đã bỏ qua. Các ô đầu trang: {seen}.',
    hint: 'Nếu trang này có danh sách ủng hộ, thêm dòng tiêu đề có cột "Họ và tên" và "Số tiền".',
  },
  SHEET_SUMMARY_SKIPPED: {
    severity: 'info',
    title: 'Bỏ qua trang tổng hợp',
    message: 'Trang tính "{sheet}" là bảng tổng hợp (không có cột họ tên) nên không cộng lại, tránh tính trùng.',
    hint: 'Không cần làm gì.',
  },
  SHEET_HIDDEN: {
    severity: 'info',
    title: 'Trang tính bị ẩn',
    message: 'Trang tính "{sheet}" đang bị ẩn và không có danh sách ủng hộ; đã bỏ qua.',
    hint: 'Không cần làm gì.',
  },
  SHEET_HIDDEN_SKIPPED: {
    severity: 'warning',
    title: 'Danh sách nằm trong trang tính ẩn',
    message: 'Trang tính "{sheet}" đang bị ẩn nhưng có danh sách ủng hộ; chưa cộng vào để tránh cộng nhầm số liệu cũ.',
    hint: 'Nếu danh sách này thuộc báo cáo, hãy bỏ ẩn trang tính (chuột phải vào tên trang → Bỏ ẩn) rồi gửi lại; nếu không, hãy xóa trang.',
  },
  SHEET_NOT_FOUND: {
    severity: 'error',
    title: 'Không có trang tính',
    message: 'Không có trang tính "{sheet}" như cấu hình chỉ định. Các trang có trong tệp: {seen}.',
    hint: 'Sửa tên trang tính trong cấu hình hoặc trong tệp.',
  },
  COLUMN_MISSING: {
    severity: 'error',
    title: 'Thiếu cột bắt buộc',
    message: 'Không tìm thấy cột "{column}". Các cột đã thấy ở dòng tiêu đề: {seen}. Nếu đúng là cột này, thêm vào tệp cấu hình: {alias}',
    hint: 'Đặt lại tên cột cho đúng như mẫu ("Họ và tên", "Số tiền (đồng)") rồi gửi lại tệp.',
  },
  HEADER_UNKNOWN: {
    severity: 'error',
    title: 'Không nhận ra tên cột',
    message: 'Trang tính "{sheet}" có vẻ là danh sách ủng hộ nhưng không nhận ra tên cột nào nên chưa đọc. Các cột đã thấy: {seen}. Nếu đúng, thêm vào tệp cấu hình: {alias}',
    hint: 'Đặt tên cột như mẫu: "STT", "Họ và tên", "Địa chỉ", "Số tiền (đồng)" rồi gửi lại tệp.',
  },
  SHEET_AGGREGATE_READ: {
    severity: 'info',
    title: 'Đọc danh sách tổng hợp theo đơn vị',
    message: 'Trang tính "{sheet}" không có cột họ tên; mỗi dòng được đọc là một tập thể theo cột "{column}" ({rows} dòng).',
    hint: 'Không cần sửa nếu mỗi dòng là một cơ quan, chi hội hoặc thôn; nếu có danh sách từng người, gửi kèm danh sách đó.',
  },
  SUMMARY_MISMATCH: {
    severity: 'warning',
    title: 'Trang tổng hợp lệch với các trang chi tiết',
    message: 'Trang tổng hợp "{sheet}" ghi {stated} đồng nhưng các trang chi tiết {details} cộng lại được {computed} đồng (chênh {difference} đồng). Số liệu tổng hợp dùng các trang chi tiết.',
    hint: 'Kiểm tra trang tổng hợp và các trang chi tiết: có trang chi tiết nào còn thiếu hoặc số nào ghi sai không, sửa rồi gửi lại.',
  },

  // ---- Rows and values ------------------------------------------------------------------
  AMOUNT_INVALID: {
    severity: 'error',
    title: 'Số tiền không đọc được',
    message: 'Số tiền "{value}" không đọc được thành số.',
    hint: 'Ghi số tiền bằng chữ số, ví dụ 1.500.000.',
  },
  AMOUNT_AMBIGUOUS: {
    severity: 'error',
    title: 'Số tiền không rõ ràng',
    message: 'Số tiền "{value}" có thể hiểu nhiều cách nên không tự đoán.',
    hint: 'Ghi đủ số tiền bằng đồng, ví dụ 1.500.000 (không ghi 1.5 hay bằng chữ).',
  },
  AMOUNT_MISSING: {
    severity: 'error',
    title: 'Thiếu số tiền',
    message: 'Dòng của "{name}" chưa có số tiền.',
    hint: 'Ghi số tiền ủng hộ, hoặc xóa dòng nếu người này không ủng hộ.',
  },
  AMOUNT_NEGATIVE: {
    severity: 'error',
    title: 'Số tiền âm',
    message: 'Số tiền {value} là số âm.',
    hint: 'Sửa lại số tiền; nếu là khoản hoàn trả hãy ghi chú riêng.',
  },
  AMOUNT_FRACTIONAL: {
    severity: 'error',
    title: 'Số tiền lẻ dưới 1 đồng',
    message: 'Số tiền {value} có phần lẻ dưới một đồng.',
    hint: 'Ghi số tiền tròn đồng.',
  },
  AMOUNT_ZERO: {
    severity: 'warning',
    title: 'Số tiền bằng 0',
    message: 'Dòng của "{name}" có số tiền bằng 0.',
    hint: 'Ghi đúng số tiền, hoặc xóa dòng nếu người này không ủng hộ.',
  },
  ROW_HIDDEN: {
    severity: 'warning',
    title: 'Dòng bị ẩn vẫn được cộng',
    message: 'Dòng {row} ("{name}", {amount} đồng) đang bị ẩn trong Excel nhưng vẫn được cộng vào tổng.',
    hint: 'Dòng này đang bị ẩn trong Excel nhưng vẫn được cộng vào tổng; nếu khoản này đã hủy, hãy xóa dòng hoặc ghi rõ ở cột ghi chú.',
  },
  COLUMN_HIDDEN: {
    severity: 'warning',
    title: 'Cột số tiền bị ẩn',
    message: 'Cột số tiền "{column}" (cột {letter}) của trang "{sheet}" đang bị ẩn trong Excel nhưng {rows} khoản trong cột, {amount} đồng, vẫn được cộng vào tổng.',
    hint: 'Bỏ ẩn cột (chọn hai cột hai bên, chuột phải → Bỏ ẩn) và kiểm tra lại các số tiền; nếu cột này không phải tiền ủng hộ, hãy xóa cột rồi gửi lại.',
  },
  NAME_MISSING: {
    severity: 'error',
    title: 'Thiếu họ tên',
    message: 'Có số tiền {amount} đồng nhưng không có họ tên người hoặc tên tập thể ủng hộ.',
    hint: 'Ghi họ tên người ủng hộ vào dòng này.',
  },
  NAME_TOO_LONG: {
    severity: 'warning',
    title: 'Họ tên quá dài',
    message: 'Ô {cell} ghi họ tên dài {length} ký tự ("{start}"); giấy chứng nhận, thư và danh sách in chỉ in {limit} ký tự đầu, kèm dấu "…".',
    hint: 'Chỉ ghi họ tên người hoặc tên tập thể ủng hộ vào ô này; ghi chú, địa chỉ ghi sang cột riêng.',
  },
  FORMULA_NO_VALUE: {
    severity: 'error',
    title: 'Công thức chưa có kết quả',
    message: 'Ô có công thức ={formula} nhưng tệp không lưu kết quả tính.',
    hint: 'Mở tệp bằng Excel, để Excel tính lại rồi lưu và gửi lại.',
  },
  CELL_ERROR_VALUE: {
    severity: 'error',
    title: 'Ô bị lỗi công thức',
    message: 'Ô có giá trị lỗi {value}.',
    hint: 'Sửa công thức trong ô này (thường do xóa dòng/cột mà công thức tham chiếu).',
  },
  TOTAL_MISMATCH: {
    severity: 'warning',
    title: 'Dòng tổng không khớp',
    message: 'Dòng "{label}" ghi {stated} đồng nhưng cộng các dòng phía trên được {computed} đồng (chênh {difference} đồng). Số liệu tổng hợp dùng tổng các dòng.',
    hint: 'Kiểm tra lại dòng tổng hoặc các dòng chi tiết.',
  },
  ROW_TOTAL_MISMATCH: {
    severity: 'warning',
    title: 'Cột cộng của dòng không khớp',
    message: 'Dòng của "{name}" ghi cộng {stated} đồng nhưng các cột tiền của dòng cộng lại được {computed} đồng (chênh {difference} đồng). Số liệu tổng hợp dùng các cột chi tiết.',
    hint: 'Kiểm tra lại cột cộng hoặc các cột tiền của dòng này.',
  },
  AMOUNT_UNIT_SUSPECT: {
    severity: 'warning',
    title: 'Nghi số tiền ghi theo đơn vị nghìn hoặc triệu đồng',
    message: 'Trang tính "{sheet}": {count}/{rows} khoản ủng hộ dưới 10.000 đồng (mức giữa {example}) mà danh sách không ghi đơn vị tính; có thể số tiền đang ghi theo đơn vị {unit}. Đã tính theo đồng.',
    hint: 'Ghi rõ đơn vị tính ở đầu bảng (ví dụ "ĐVT: 1.000 đồng") hoặc ghi số tiền đầy đủ bằng đồng, rồi gửi lại.',
  },
  AMOUNT_UNIT_CONFLICT: {
    severity: 'warning',
    title: 'Đơn vị tính nghi không khớp với số tiền',
    message: 'Trang tính "{sheet}" ghi đơn vị tính {declared} (ô {declaredAt}) nhưng số tiền trong các ô đã ở mức đồng (mức giữa {median}); quy theo {declared} thì mức giữa là {scaled} đồng. Đã tính theo đơn vị tính đã ghi.',
    hint: 'Kiểm tra đơn vị tính: nếu ô tiền ghi đủ bằng đồng (chỉ định dạng hiển thị rút gọn), sửa dòng đơn vị tính thành "ĐVT: đồng" rồi gửi lại.',
  },
  TOTAL_TOO_LARGE: {
    severity: 'error',
    title: 'Tổng số tiền quá lớn',
    message: 'Tổng số tiền là {amount} đồng, vượt quá {limit} đồng, mức lớn nhất máy tính cộng chính xác được; tổng này không đáng tin và không được đọc thành chữ.',
    hint: 'Kiểm tra các số tiền rất lớn (thường do gõ thừa chữ số hoặc dán nhầm mã số) rồi gửi lại.',
  },
  DATE_INVALID: {
    severity: 'warning',
    title: 'Ngày không đọc được',
    message: 'Ngày "{value}" không đọc được.',
    hint: 'Ghi ngày theo dạng ngày/tháng/năm, ví dụ 15/8/2023.',
  },
  CATEGORY_UNKNOWN: {
    severity: 'warning',
    title: 'Đối tượng không rõ',
    message: 'Không nhận ra đối tượng "{value}"; xếp vào nhóm "Khác".',
    hint: 'Ghi một trong: CBCCVC, Doanh nghiệp, Nhà hảo tâm, Kiều bào, Nhân dân, LLVT, Tập thể.',
  },
  STATUS_UNKNOWN: {
    severity: 'warning',
    title: 'Tình trạng tiền không rõ',
    message: 'Không nhận ra tình trạng "{value}"; coi là "{fallback}".',
    hint: 'Ghi một trong: Đăng ký, Đã thu, Đã nộp, Đã chuyển.',
  },
  LEGACY_ENCODING_REPAIRED: {
    severity: 'info',
    title: 'Đã chuyển mã chữ cũ',
    message: 'Đã chuyển {count} ô gõ bằng bảng mã {encoding} sang Unicode (ví dụ ô {example}: "{before}" → "{after}").',
    hint: 'Nên gõ bằng bảng mã Unicode (Unikey: bảng mã Unicode, phông Times New Roman).',
  },
  AMOUNT_OUTLIER: {
    severity: 'warning',
    title: 'Số tiền khác thường',
    message: 'Số tiền {amount} đồng của "{name}" khác xa mức thường gặp của nhóm "{group}" trong đơn vị ({ratio} mức giữa {median} đồng).',
    hint: 'Kiểm tra lại số tiền (có gõ thừa hoặc thiếu chữ số 0 không); nếu đúng thì không cần sửa.',
  },
  PARTICIPANTS_EXCEED_HEADCOUNT: {
    severity: 'warning',
    title: 'Số người tham gia lớn hơn tổng số',
    message: 'Dòng của "{name}" ghi {participants} người tham gia ủng hộ nhưng tổng số chỉ có {headcount} người.',
    hint: 'Kiểm tra lại cột tổng số người và cột số người tham gia.',
  },

} as const satisfies Record<string, CatalogueEntry>;

const all = { ...entries, ...REVIEW_ENTRIES };

export type IssueCode = keyof typeof all;
export const catalogue: Readonly<Record<IssueCode, CatalogueEntry>> = all;
export const ISSUE_CODES = Object.keys(all) as [IssueCode, ...IssueCode[]];

/**
 * The one catalogue of data problems. Each code has a severity, a short title, a Vietnamese
 * message template ({param} placeholders filled from the issue's params) and a hint saying
 * what the submitter should do. The README's issue table is generated from this list
 * (`npm run docs:issues`).
 */
export type CatalogueEntry = {
  readonly severity: 'error' | 'warning' | 'info';
  readonly title: string;
  readonly message: string;
  readonly hint: string;
};

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
    hint: 'Xóa các trang tính, dòng, cột thừa; chỉ giữ danh sách ủng hộ rồi gửi lại.',
  },
  SOURCE_TIMEOUT: {
    severity: 'error',
    title: 'Đọc tệp quá lâu',
    message: 'Đọc tệp quá {seconds} giây nên đã dừng.',
    hint: 'Xóa các trang tính, dòng, cột thừa rồi gửi lại.',
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

  // ---- Units ----------------------------------------------------------------------------
  UNIT_MISSING: {
    severity: 'warning',
    title: 'Đơn vị chưa báo cáo',
    message: 'Đơn vị "{unit}" chưa gửi báo cáo.',
    hint: 'Liên hệ đơn vị để đôn đốc gửi danh sách ủng hộ.',
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
    message: 'Không tìm thấy cột "{column}". Các cột đã thấy ở dòng tiêu đề: {seen}.',
    hint: 'Đặt tên cột đúng như mẫu (ví dụ "Họ và tên", "Số tiền (đồng)"), hoặc thêm tên cột này vào mục columns của cấu hình.',
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
  NAME_MISSING: {
    severity: 'error',
    title: 'Thiếu họ tên',
    message: 'Có số tiền {amount} đồng nhưng không có họ tên người hoặc tên tập thể ủng hộ.',
    hint: 'Ghi họ tên người ủng hộ vào dòng này.',
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
    message: 'Không nhận ra tình trạng "{value}"; coi là "đã thu".',
    hint: 'Ghi một trong: Đăng ký, Đã thu, Đã nộp, Đã chuyển.',
  },
  LEGACY_ENCODING_REPAIRED: {
    severity: 'info',
    title: 'Đã chuyển mã chữ cũ',
    message: 'Đã chuyển {count} ô gõ bằng bảng mã {encoding} sang Unicode (ví dụ ô {example}: "{before}" → "{after}").',
    hint: 'Nên gõ bằng bảng mã Unicode (Unikey: bảng mã Unicode, phông Times New Roman).',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type IssueCode = keyof typeof entries;
export const catalogue: Readonly<Record<IssueCode, CatalogueEntry>> = entries;
export const ISSUE_CODES = Object.keys(entries) as [IssueCode, ...IssueCode[]];

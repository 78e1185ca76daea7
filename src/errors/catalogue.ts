/**
 * Operational errors: the run (or one command) could not do its job. Each has a code, a Vietnamese
 * message template ({param} filled from the error's params), a hint saying what to do, and the exit
 * code the CLI returns. Data problems are not here: they are issues (src/model/issue-catalogue.ts).
 * README's table of operational errors is generated from this catalogue.
 */
type ErrorEntry = {
  readonly title: string;
  readonly message: string;
  readonly hint?: string;
  /** 2 for every operational failure: nothing was replaced. */
  readonly exit: 2;
};

const entry = (title: string, message: string, hint?: string): ErrorEntry => ({ title, message, ...(hint ? { hint } : {}), exit: 2 });

export const ERROR_CATALOGUE = {
  // ---- Configuration ------------------------------------------------------------------------
  CONFIG_NOT_FOUND: entry(
    'Không thấy tệp cấu hình',
    'Không tìm thấy tệp cấu hình {file}.',
    'Chạy lệnh trong thư mục có campaign.yaml, chỉ rõ tệp bằng --config <tệp>, hoặc tạo đợt mới bằng: tonghop init <thư mục>.',
  ),
  CONFIG_UNREADABLE: entry('Không đọc được tệp cấu hình', 'Không đọc được tệp cấu hình {file}: {reason}.'),
  CONFIG_SYNTAX: entry('Tệp YAML sai cú pháp', '{title} có lỗi cú pháp:\n  {where}: {problem}', 'Mở tệp ở dòng đã nêu, sửa rồi chạy lại.'),
  CONFIG_INVALID: entry('Tệp YAML không hợp lệ', '{title} không hợp lệ:\n{details}', 'Sửa từng dòng đã nêu (tệp:dòng: khoá: lỗi) rồi chạy lại.'),
  DECISIONS_UNREADABLE: entry('Không đọc được tệp quyết định', 'Không đọc được tệp quyết định {file}: {reason}.'),
  NARRATIVE_UNREADABLE: entry(
    'Không đọc được nội dung báo cáo',
    'Không đọc được tệp nội dung báo cáo {file} (report.narrative): {reason}.',
    'Kiểm tra đường dẫn trong mục report.narrative của campaign.yaml (tính từ thư mục chứa campaign.yaml).',
  ),
  TEMPLATES_FOLDER_INVALID: entry(
    'Thư mục mẫu không dùng được',
    'Thư mục mẫu "{dir}" (templates) không có hoặc thiếu blank.html.',
    'Chép thư mục templates/ của tonghop sang thư mục đợt vận động rồi sửa các tệp .hbs trong đó.',
  ),
  TEMPLATES_INVALID: entry(
    'Mẫu riêng có lỗi',
    'Mẫu riêng của đợt vận động (templates: {dir}) có lỗi: {detail}',
    'Sửa mẫu ở dòng đã nêu, hoặc bỏ mục templates trong campaign.yaml để dùng mẫu gốc.',
  ),
  SOURCES_TOO_MANY: entry(
    'Mẫu đường dẫn khớp quá nhiều tệp',
    '{where}: units.sources: mẫu "{pattern}" của {unit} khớp {count} tệp, quá {max} tệp (limits.maxFilesPerPattern); chưa đọc tệp nào.',
    'Viết mẫu hẹp hơn, ví dụ "submissions/xa-an-hoa/*.xlsx" thay cho "**/*"; nếu đơn vị thật sự gửi nhiều tệp như vậy, nâng limits.maxFilesPerPattern trong campaign.yaml.',
  ),
  // ---- Templates and printing ----------------------------------------------------------------
  TEMPLATES_NOT_FOUND: entry('Thiếu thư mục mẫu', 'Không tìm thấy thư mục mẫu "templates/" (tìm từ {from}).', 'Cài lại tonghop.'),
  TEMPLATE_UNREADABLE: entry('Không đọc được mẫu', 'Không đọc được mẫu {file}.'),
  TEMPLATE_UNESCAPED: entry(
    'Mẫu không an toàn',
    'Mẫu {file} dùng {{{…}}} hoặc {{&…}} (không thoát ký tự); không được phép.',
    'Dùng {{…}}: nội dung từ bảng tính không bao giờ được chèn thẳng vào trang.',
  ),
  TEMPLATE_ERROR: entry('Lỗi mẫu', '{action} {where}: {detail}', 'Sửa mẫu ở dòng đã nêu, hoặc bỏ mục templates trong campaign.yaml để dùng mẫu gốc.'),
  TEMPLATE_MISSING: entry('Thiếu mẫu', 'Không có mẫu "{name}.hbs" trong {folder}.'),
  BROWSER_PATH_INVALID: entry(
    'Đường dẫn trình duyệt sai',
    'PUPPETEER_EXECUTABLE_PATH trỏ tới "{path}" nhưng tệp này không tồn tại hoặc không chạy được.',
    'Sửa hoặc bỏ biến môi trường PUPPETEER_EXECUTABLE_PATH.',
  ),
  BROWSER_NOT_FOUND: entry(
    'Không có trình duyệt để in PDF',
    'Không tìm thấy trình duyệt Chromium/Chrome để in PDF.',
    'Trên Debian/Ubuntu chạy "sudo apt-get install chromium"; trên máy khác chạy "npx puppeteer browsers install chrome"; hoặc đặt biến môi trường PUPPETEER_EXECUTABLE_PATH trỏ tới tệp chạy của trình duyệt.',
  ),
  BROWSER_START_FAILED: entry('Không mở được trình duyệt', 'Không khởi động được trình duyệt "{path}": {reason}'),
  BROWSER_PAGE_FAILED: entry('Trình duyệt lỗi', 'Trình duyệt không mở được trang mới.', 'Chạy lại; nếu lặp lại, khởi động lại máy.'),
  FONTS_FAILED: entry('Không nạp được phông chữ', 'Không nạp được phông chữ {fonts}.{blocked}', 'Chạy "npm install" để cài lại @expo-google-fonts/tinos.'),
  FONT_PACKAGE_MISSING: entry('Thiếu phông chữ', 'Thiếu phông chữ @expo-google-fonts/tinos.', 'Chạy "npm install".'),
  FONT_FILE_MISSING: entry('Thiếu phông chữ', 'Thiếu tệp phông chữ {file}.', 'Chạy "npm install".'),
  PRINT_FAILED: entry('In PDF thất bại', 'In PDF thất bại ({file}): {reason}', 'Chạy lại; máy bận có thể làm trình duyệt quá hạn.'),
  CERTIFICATE_OVERFLOW: entry(
    'Giấy chứng nhận tràn trang',
    'Có giấy chứng nhận dài hơn một trang ({pages} trang cho {count} giấy).',
    'Rút gọn nội dung mẫu certificate.hbs.',
  ),
  QPDF_FAILED: entry('qpdf lỗi', 'qpdf {command} thất bại: {reason}', 'Cài qpdf (Debian/Ubuntu: sudo apt-get install qpdf).'),
  QPDF_MERGE_FAILED: entry('qpdf lỗi', 'Không ghép được tệp {file} (qpdf): {reason}', 'Cài qpdf (Debian/Ubuntu: sudo apt-get install qpdf).'),
  QPDF_MISSING: entry(
    'Thiếu qpdf',
    'Cần qpdf để ghép {count} giấy vào một tệp.',
    'Debian/Ubuntu: "sudo apt-get install qpdf" (hoặc "npm run setup"); macOS: "brew install qpdf"; Windows: "winget install qpdf".',
  ),
  CERTIFICATES_NEED_BROWSER: entry('Thiếu trình duyệt', 'Cần trình duyệt để in {count} giấy chứng nhận.'),
  // ---- Writing outputs and the store ---------------------------------------------------------
  WRITE_FAILED: entry('Không ghi được tệp', 'Không ghi được {file}: {reason}', 'Kiểm tra ổ đĩa còn chỗ trống và quyền ghi vào thư mục kết quả.'),
  OUTPUT_FOLDER_FAILED: entry(
    'Không tạo được thư mục kết quả',
    'Không tạo được thư mục kết quả {dir}: {reason}',
    'Kiểm tra quyền ghi, hoặc chọn thư mục khác bằng --output <thư mục>.',
  ),
  LATEST_SWAP_FAILED: entry('Không cập nhật được latest', 'Không cập nhật được {link}.', 'Lần chạy đã được ghi đủ trong thư mục riêng của nó; chạy lại để cập nhật latest.'),
  STORE_OPEN_FAILED: entry(
    'Không mở được kho dữ liệu',
    'Không mở được kho dữ liệu {file}: {reason}',
    'Nếu tệp hỏng, khôi phục từ bản sao lưu (xem hướng dẫn vận hành); không xoá các thư mục lần chạy.',
  ),
  STORE_CORRUPT: entry(
    'Kho dữ liệu bị hỏng',
    'Kho dữ liệu {file} bị hỏng ({reason}); tonghop không ghi gì vào tệp này và giữ nguyên nó để cứu dữ liệu.',
    'Làm theo mục "Kho dữ liệu bị hỏng" trong docs/van-hanh.md: giữ lại tệp hỏng, khôi phục bản sao lưu gần nhất hoặc cứu dữ liệu bằng sqlite3 .recover, rồi chạy lại.',
  ),
  STORE_BUSY: entry(
    'Kho dữ liệu đang bị giữ',
    'Kho dữ liệu {file} đang bị một chương trình khác giữ (lệnh sao lưu, sqlite3, DB Browser…) quá {seconds} giây; lần chạy dừng lại, không thay đổi gì.',
    'Đóng chương trình đang mở tonghop.sqlite hoặc đợi sao lưu xong, rồi chạy lại.',
  ),
  DISK_FULL: entry(
    'Ổ đĩa đầy',
    'Ổ đĩa chứa thư mục kết quả {dir} đã hết chỗ trống (hoặc vượt hạn mức) khi ghi {file}; lần chạy dừng lại, latest vẫn là lần chạy trước.',
    'Giải phóng chỗ trống (xoá bớt thư mục lần chạy cũ, hoặc đặt keep: trong campaign.yaml để tự xoá), rồi chạy lại.',
  ),
  OUTPUT_READONLY: entry(
    'Thư mục kết quả không ghi được',
    'Không ghi được vào thư mục kết quả {dir} ({reason}); lần chạy dừng lại, không thay đổi gì.',
    'Kiểm tra quyền ghi của tài khoản chạy tonghop vào thư mục này, hoặc ổ đĩa đang ở chế độ chỉ đọc (ổ mạng gắn chỉ đọc, ổ USB bị khoá); có thể chọn thư mục khác bằng --output <thư mục>.',
  ),
  STORE_TOO_NEW: entry('Kho dữ liệu mới hơn', 'Kho dữ liệu có phiên bản {version}, mới hơn phiên bản tonghop này hiểu ({known}).', 'Cập nhật tonghop.'),
  LOCK_CREATE_FAILED: entry('Không tạo được khoá', 'Không tạo được tệp khoá {file}: {reason}'),
  LOCKED: entry(
    'Đang có lần chạy khác',
    'Thư mục kết quả {dir} đang có một lần chạy khác ({holder}); lần chạy này dừng lại.',
    'Đợi lần chạy kia xong. Nếu chắc chắn không còn lần chạy nào, xoá tệp {file}.',
  ),
  LOCK_CONTENDED: entry('Không lấy được khoá', 'Không lấy được khoá {file}: các lần chạy khác liên tục giành khoá.'),
  // ---- Command line --------------------------------------------------------------------------
  USAGE: entry('Dùng lệnh chưa đúng', '{detail}', 'Xem hướng dẫn: tonghop --help, hoặc tonghop <lệnh> --help.'),
  OPTION_NOT_POSITIVE: entry('Dùng lệnh chưa đúng', '{option} cần một số nguyên dương, nhận được "{value}".'),
  INIT_FOLDER_NOT_EMPTY: entry('Thư mục đã có tệp', 'Thư mục {dir} đã có tệp; hãy chọn một thư mục trống để tạo đợt vận động mới.'),
  RUN_NOT_FOUND: entry('Không có lần chạy', 'Không có lần chạy "{name}": kho mới có {count} lần chạy thành công.', 'Xem danh sách: tonghop history.'),
  NO_RUNS: entry('Chưa có lần chạy nào', 'Chưa có lần chạy nào được ghi ({file}).', 'Chạy tonghop run trước.'),
  RUN_NOT_SUCCESSFUL: entry('Lần chạy không thành công', 'Lần chạy {id} không thành công ({status}) nên không có số liệu để so sánh.'),
  RUN_UNKNOWN: entry('Không có lần chạy', 'Không có lần chạy "{id}".', 'Xem danh sách bằng: tonghop history --config {config}'),
  REPRINT_CHOICE: entry('Dùng lệnh chưa đúng', 'Hãy chọn đúng một cách: các số giấy (ví dụ 7 12 0031/GCN), --unit <mã đơn vị> hoặc --all.'),
  UNIT_UNKNOWN: entry('Không có đơn vị', 'Không có đơn vị mã "{unit}" trong cấu hình.', 'Xem mã các đơn vị trong mục units của campaign.yaml.'),
  CERTIFICATE_UNKNOWN: entry('Không có giấy', 'Không có giấy số "{number}" trong sổ đăng ký của đợt vận động.', 'Xem số các giấy trong giay-chung-nhan/danh-sach.xlsx.'),
  CERTIFICATE_REPLACED: entry('Giấy đã được thay thế', 'Giấy số {number} đã được thay thế{by}.'),
  CERTIFICATES_NOT_CONFIGURED: entry('Không cấp giấy chứng nhận', 'Đợt vận động này không cấp giấy chứng nhận (cấu hình không có mục certificates).'),
  CERTIFICATES_NONE_CHOSEN: entry('Không có giấy nào', 'Không có giấy nào đã cấp khớp với lựa chọn này.'),
  CERTIFICATE_FILE_MISSING: entry(
    'Thiếu tệp giấy chứng nhận',
    'Không tìm thấy tệp PDF của giấy số {number}.',
    'Chạy "tonghop run --full" để in lại toàn bộ.',
  ),
  SCHEDULE_TIME_INVALID: entry('Giờ chạy sai', '--at cần giờ dạng HH:MM (ví dụ "02:00"), nhận được "{at}".'),
  SCHEDULE_NEEDS_ONE: entry('Thiếu lịch chạy', 'Cần đúng một trong hai: --at "02:00" hoặc --cron "<biểu thức cron>".'),
  SCHEDULE_CRON_INVALID: entry('Lịch chạy sai', 'Biểu thức lịch "{pattern}" không hợp lệ: {reason}'),
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
export type ErrorParams = Readonly<Record<string, string | number>>;

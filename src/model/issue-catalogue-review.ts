/**
 * The issue catalogue's second half: problems found across submissions (duplicates, overlaps) and
 * against the bank statement. Merged into the one catalogue by issue-catalogue.ts.
 */
import type { CatalogueEntry } from './catalogue-entry.js';

export const REVIEW_ENTRIES = {
  // ---- Duplicates and overlaps (src/review/overlaps.ts, decisions.yaml) ----------------------
  DUPLICATE_SUSPECTED: {
    severity: 'warning',
    title: 'Nghi ghi trùng trong danh sách',
    message: '"{name}" ({amount} đồng) có thể bị ghi hai lần: cũng có ở {other}. Mã cặp {pair}, độ tin cậy {score}/100 ({evidence}).',
    letter: '"{name}" ({amount} đồng) có thể bị ghi hai lần: cũng có ở {other}.',
    hint: 'Nếu là cùng một khoản, xóa một dòng; nếu là hai người khác nhau, ghi rõ địa chỉ để phân biệt.',
  },
  OVERLAP_SUSPECTED: {
    severity: 'warning',
    title: 'Nghi trùng với danh sách khác',
    message: '"{name}" ({amount} đồng) có thể đã được báo cáo ở nơi khác: {other}. Mã cặp {pair}, độ tin cậy {score}/100 ({evidence}).',
    letter: '"{name}" ({amount} đồng) có thể đã được báo cáo ở nơi khác: {other}.',
    hint: 'Nếu là cùng một khoản, thống nhất với đơn vị kia để chỉ một nơi báo cáo; nếu là hai người khác nhau, ghi rõ địa chỉ.',
  },
  DUPLICATE_EXCLUDED: {
    severity: 'info',
    title: 'Đã loại khoản trùng',
    message: 'Khoản của "{name}" ({amount} đồng) là một với dòng ở {kept} (quyết định {pair}); chỉ tính một lần ở đó, không cộng dòng này.',
    hint: 'Không cần làm gì; muốn tính lại dòng này thì sửa hoặc xóa quyết định trong decisions.yaml.',
  },
  DECISION_UNUSED: {
    severity: 'info',
    title: 'Quyết định trùng lặp không dùng được',
    message: 'Quyết định cho cặp {pair} không dùng được: {reason}.',
    hint: 'Xem lại decisions.yaml: xóa quyết định cũ hoặc chép mã cặp mới từ danh sách cảnh báo.',
  },
  // ---- Bank statement reconciliation (src/intake/bank, src/review/reconcile.ts) --------------
  BANK_STATEMENT_UNREADABLE: {
    severity: 'error',
    title: 'Không đọc được sao kê',
    message: 'Không đọc được sao kê ngân hàng: {reason}.',
    hint: 'Tải lại sao kê từ ngân hàng dưới dạng Excel (.xlsx) hoặc CSV; tệp PDF phải là bản xuất từ ngân hàng (chọn được chữ), không phải ảnh chụp.',
  },
  BANK_NOT_RECEIVED: {
    severity: 'warning',
    title: 'Báo cáo đã nộp nhưng sao kê chưa có',
    message: '{name} báo cáo đã nộp/chuyển {amount} đồng về tài khoản nhưng sao kê không có khoản nào tương ứng.',
    hint: 'Hỏi đơn vị ngày chuyển và nội dung chuyển khoản (hoặc ủy nhiệm chi); nếu chưa chuyển thì sửa tình trạng thành "Đã thu".',
    letter:
      'Danh sách ghi đã nộp/chuyển {amount} đồng về tài khoản nhưng sao kê tài khoản chưa có khoản nào tương ứng. ' +
      'Đề nghị đơn vị cho biết ngày chuyển và nội dung chuyển khoản (hoặc gửi kèm ủy nhiệm chi); nếu chưa chuyển thì sửa tình trạng thành "Đã thu".',
  },
  BANK_UNREPORTED: {
    severity: 'warning',
    title: 'Tiền về tài khoản chưa ai báo cáo',
    message: 'Ngày {date} tài khoản nhận {amount} đồng (nội dung: "{memo}") nhưng không đơn vị hay người ủng hộ nào báo cáo khoản này.',
    hint: 'Tìm người chuyển theo nội dung chuyển khoản; bổ sung vào danh sách của đơn vị, hoặc ghi quyết định vào decisions.yaml khi đã rõ.',
  },
  BANK_AMOUNT_DIFFERS: {
    severity: 'warning',
    title: 'Số tiền về tài khoản khác số báo cáo',
    message: '{name} báo cáo đã nộp/chuyển {reported} đồng, sao kê nhận {received} đồng (chênh {difference} đồng). Mã đối chiếu {match}.',
    letter: '{name} báo cáo đã nộp/chuyển {reported} đồng nhưng sao kê tài khoản chỉ ghi nhận {received} đồng (chênh {difference} đồng); đề nghị đơn vị kiểm tra lại các lần chuyển và số tiền trong danh sách.',
    hint: 'Đối chiếu với đơn vị: có khoản nào chưa chuyển, chuyển thừa, hay ghi sai số tiền trong danh sách.',
  },
  BANK_MATCH_UNCERTAIN: {
    severity: 'warning',
    title: 'Khoản tiền cần xác nhận',
    message: 'Khoản {amount} đồng ngày {date} (nội dung: "{memo}") có thể là của {name}. Mã đối chiếu {match}, độ tin cậy {score}/100 ({evidence}).',
    letter: 'Ngày {date} tài khoản nhận {amount} đồng (nội dung: "{memo}"), có thể là khoản {name} đã nộp/chuyển; đề nghị đơn vị xác nhận với Ban Thường trực.',
    hint: 'Nếu đúng, ghi vào decisions.yaml mục matches: "- match: <mã> / decision: confirm"; nếu sai, "decision: reject".',
  },
  BANK_OUTSIDE_WINDOW: {
    severity: 'info',
    title: 'Khoản tiền ngoài thời gian đợt vận động',
    message: 'Ngày {date} tài khoản nhận {amount} đồng (nội dung: "{memo}") nằm ngoài thời gian đối chiếu {from} – {to} nên không tính.',
    hint: 'Nếu khoản này thuộc đợt vận động, nới bank.window trong cấu hình.',
  },
  BANK_DECISION_UNUSED: {
    severity: 'info',
    title: 'Quyết định đối chiếu không dùng được',
    message: 'Quyết định cho mã đối chiếu {match} không dùng được: không còn cặp đối chiếu nào có mã này.',
    hint: 'Xem lại decisions.yaml mục matches: xóa quyết định cũ hoặc chép mã mới từ danh sách cảnh báo.',
  },
} as const satisfies Record<string, CatalogueEntry>;

// `npm run demo`: runs the main job on the bundled demo campaign. The demo deliberately contains
// problems (exit code 1 = data issues found), which is the expected outcome here, not a failure.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(process.execPath, ['dist/cli.js', 'run', '--config', 'fixtures/an-lao-2023/campaign.yaml', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status === 1) {
  console.log('\nChiến dịch mẫu có sẵn vài lỗi cố ý để minh họa (mã thoát 1). Xem output/latest/.');
  process.exit(0);
}
process.exit(result.status ?? 2);

// Applies the patch files to a copy of the FerretDB source with `git apply`: each is checked first,
// so one that no longer fits stops the build with git's reason and changes none of its files.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

function gitApply(srcDir, args) {
  return spawnSync('git', ['apply', ...args], {
    cwd: srcDir,
    encoding: 'utf8',
    // The copy is not a repository: stop git from finding one above it and applying relative to that.
    env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(path.resolve(srcDir)) },
  });
}

/** Applies `patches` ({ name, file }) in order inside srcDir; throws naming the first that does not fit. */
export function applyPatches(srcDir, patches) {
  for (const patch of patches) {
    for (const args of [['--check'], []]) {
      const res = gitApply(srcDir, [...args, patch.file]);
      if (res.error) throw new Error(`cannot run git to apply ${patch.name}: ${res.error.message}`);
      if (res.status !== 0) {
        throw new Error(
          `patch ${patch.name} does not apply to FerretDB (git apply ${args.join(' ')}):\n${res.stderr.trim()}`,
        );
      }
    }
  }
}

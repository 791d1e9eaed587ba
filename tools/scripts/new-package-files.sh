#!/usr/bin/env bash
# Writes the boilerplate every workspace package shares (tsconfig trio, jest and eslint configs).
# Usage: new-package-files.sh <dir> <lib|app>
set -euo pipefail
dir=$1 kind=$2
depth=$(echo "$dir" | awk -F/ '{print NF}')
up=$(printf '../%.0s' $(seq 1 "$depth"))
buildcfg=tsconfig.lib.json; [ "$kind" = app ] && buildcfg=tsconfig.app.json
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "${up}tsconfig.base.json",
  "files": [],
  "include": [],
  "references": [{ "path": "./$buildcfg" }, { "path": "./tsconfig.spec.json" }]
}
JSON
cat > "$dir/$buildcfg" <<JSON
{
  "extends": "${up}tsconfig.base.json",
  "compilerOptions": {
    "rootDir": "src",
    "outDir": "dist",
    "tsBuildInfoFile": "dist/tsconfig.$kind.tsbuildinfo",
    "types": ["node"]
  },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.spec.ts", "src/**/*.test.ts"],
  "references": []
}
JSON
cat > "$dir/tsconfig.spec.json" <<JSON
{
  "extends": "${up}tsconfig.base.json",
  "compilerOptions": {
    "outDir": "./out-tsc/jest",
    "types": ["jest", "node"],
    "noEmit": false,
    "emitDeclarationOnly": true,
    "tsBuildInfoFile": "out-tsc/jest/tsconfig.spec.tsbuildinfo"
  },
  "include": ["src/**/*.ts"],
  "references": [{ "path": "./$buildcfg" }]
}
JSON
cat > "$dir/jest.config.cjs" <<JS
// Unit tier: *.spec.ts beside the code. Integration tests (*.int.spec.ts) run from the root jest.int.config.cjs.
module.exports = { ...require('${up}jest.preset.cjs'), displayName: '$(basename "$dir")' };
JS
cat > "$dir/eslint.config.mjs" <<JS
import baseConfig from '${up}eslint.config.mjs';

export default [...baseConfig];
JS

mkpkg () 
{ 
    cat > $2/package.json <<EOF
{
  "name": "$1",
  "version": "0.1.0",
  "type": "module",
  "sideEffects": false,
  "license": "MIT",
  "exports": {
    ".": {
      "@confu/source": "./src/index.ts",
      "types": "./dist/index.d.ts",
      "default": "./dist/index.js"
    },
    "./package.json": "./package.json"
  },
  "files": ["dist", "src", "!src/**/*.test.ts", "!src/**/__fixtures__"],
  "scripts": { "build": "tsdown", "test": "vitest run", "typecheck": "tsc -b" },
  "dependencies": $4,
  "devDependencies": { "@internal/tsconfig": "workspace:*", "@internal/vitest-config": "workspace:*", "tsdown": "catalog:", "vitest": "catalog:" },
  "engines": { "node": ">=20.19" }
}
EOF

    cat > $2/tsconfig.json <<EOF
{
  "extends": "@internal/tsconfig/$3.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist-types" },
  "include": ["src"],
  "exclude": ["src/**/*.test.ts", "src/**/__fixtures__"]
}
EOF

    cat > $2/vitest.config.ts <<'EOF'
import { defineConfuProject } from '@internal/vitest-config';

export default defineConfuProject();
EOF

    cat > $2/tsdown.config.ts <<EOF
import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: '$([ $3 = node ] && echo node || ([ $3 = browser ] && echo browser || echo neutral))',
  dts: true,
  fixedExtension: false,
  sourcemap: true,
});
EOF

}

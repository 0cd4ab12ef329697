#!/usr/bin/env bash
# Fetch MathJax 3 and the Jupyter widgets HTML manager from the npm registry into vendor/,
# so the book loads no CDN at build, test or read time. Pinned versions; idempotent.
set -euo pipefail
MATHJAX_VERSION=3.2.2
HTML_MANAGER_VERSION=1.0.15
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/vendor"
stamp="$dest/.versions"
want="mathjax@$MATHJAX_VERSION html-manager@$HTML_MANAGER_VERSION"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "npm is needed to fetch MathJax and the widget manager (apt-get install npm)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "mathjax@$MATHJAX_VERSION" "@jupyter-widgets/html-manager@$HTML_MANAGER_VERSION" >/dev/null 2>&1) \
  || { echo "npm pack failed: cannot reach the npm registry for mathjax / @jupyter-widgets/html-manager"; exit 1; }
mkdir -p "$tmp/mj" "$tmp/hm"
tar xzf "$tmp/mathjax-$MATHJAX_VERSION.tgz" -C "$tmp/mj"
tar xzf "$tmp/jupyter-widgets-html-manager-$HTML_MANAGER_VERSION.tgz" -C "$tmp/hm"
rm -rf "$dest"
mkdir -p "$dest/mathjax/output/chtml/fonts" "$dest/mathjax/input/tex" "$dest/html-manager"
cp "$tmp/mj/package/es5/tex-mml-chtml.js" "$dest/mathjax/"
cp -r "$tmp/mj/package/es5/output/chtml/fonts/woff-v2" "$dest/mathjax/output/chtml/fonts/"
cp -r "$tmp/mj/package/es5/input/tex/extensions" "$dest/mathjax/input/tex/"
cp -r "$tmp/mj/package/es5/ui" "$tmp/mj/package/es5/a11y" "$dest/mathjax/"
cp "$tmp/mj/package/LICENSE" "$dest/mathjax/"
# embed.js (no require.js) finds its fonts next to itself
find "$tmp/hm/package/dist" -maxdepth 1 -type f \
  \( -name 'embed.js' -o -name '*.woff*' -o -name '*.ttf' -o -name '*.eot' -o -name '*.svg' -o -name '*.LICENSE.txt' \) \
  -exec cp {} "$dest/html-manager/" \;
# html-manager typesets widget labels with the MathJax 2 API (MathJax.Hub.Queue), which MathJax 3
# does not have: every widget page would throw. Use MathJax 3's typesetPromise instead.
python3 - "$dest/html-manager/embed.js" <<'PY'
import sys
path = sys.argv[1]
src = open(path, encoding="utf-8").read()
old = 'MathJax.Hub.Queue(["Typeset",MathJax.Hub,e])'
new = '(MathJax.typesetPromise?MathJax.typesetPromise([e]).catch(function(){}):void 0)'
n = src.count(old)
if n == 0:
    sys.exit("vendor_assets: the MathJax 2 call in embed.js was not found; review the patch")
open(path, "w", encoding="utf-8").write(src.replace(old, new))
print(f"patched {n} MathJax 2 call(s) in embed.js")
PY
echo "$want" > "$stamp"
echo "vendored $want into vendor/ ($(du -sh "$dest" | cut -f1))"

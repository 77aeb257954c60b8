#!/usr/bin/env bash
# Checks the directions of design.md's map in the `crate::` paths of src/:
#   domain  -> nothing of ours
#   text    -> domain (and the generated i18n module)
#   server  -> domain, text
#   api     -> domain, text, server
#   ui      -> api, domain, text
#   app     -> ui, api, domain, text
#   startup, main.rs, lib.rs -> anything (the composition root)
# and that no circle joins two modules (a layer's folder or file one level
# down, e.g. server/push or api/history). Prints each offence as file:line
# and exits 1 if there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${1:-src}

# One line per reference: "file<TAB>line<TAB>path", the path being what
# follows `crate::` (comments are skipped; a test module is code too).
refs() {
    grep -rnE --include='*.rs' 'crate::[a-z_0-9]+' "$SRC" |
        grep -vE '^[^:]+:[0-9]+:[[:space:]]*//' |
        while IFS=: read -r file line text; do
            grep -oE 'crate::[a-z_0-9]+(::[a-z_0-9]+)?' <<<"$text" |
                sed 's/^crate:://' | while read -r path; do
                    printf '%s\t%s\t%s\n' "$file" "$line" "$path"
                done
        done
}

refs | awk -F'\t' -v src="$SRC/" '
function layer_of_file(f,   p) {
    p = substr(f, length(src) + 1)
    sub(/\.rs$/, "", p)
    split(p, parts, "/")
    return parts[1]
}
function unit_of_file(f,   p, n) {
    p = substr(f, length(src) + 1)
    sub(/\.rs$/, "", p)
    n = split(p, parts, "/")
    if (n == 1) return parts[1]
    if (parts[2] == "mod") return parts[1]
    return parts[1] "/" parts[2]
}
function allowed(from, to) {
    if (from == to) return 1
    if (from == "startup" || from == "main" || from == "lib") return 1
    if (to == "i18n") return 1
    if (from == "domain") return 0
    if (from == "text") return to == "domain"
    if (from == "server") return to == "domain" || to == "text"
    if (from == "api") return to == "domain" || to == "text" || to == "server"
    if (from == "ui") return to == "api" || to == "domain" || to == "text"
    if (from == "app") return to == "ui" || to == "api" || to == "domain" || to == "text"
    return 0
}
{
    file = $1; line = $2; n = split($3, p, "::")
    from = layer_of_file(file); to = p[1]
    if (!allowed(from, to)) {
        printf "%s:%s: %s may not use crate::%s\n", file, line, from, $3
        bad = 1
    }
    fu = unit_of_file(file)
    tu = (n > 1 && to != "i18n") ? p[1] "/" p[2] : p[1]
    if (fu != tu && fu !~ "^(main|lib|startup)" && index(tu, fu "/") != 1) {
        key = fu SUBSEP tu
        if (!(key in edge)) { edge[key] = file ":" line; out[fu] = out[fu] " " tu }
    }
}
# A depth-first walk; a grey node met again closes a circle.
function visit(u,   k, list, i, v) {
    colour[u] = 1; stack[++depth] = u
    k = split(out[u], list, " ")
    for (i = 1; i <= k; i++) {
        v = list[i]
        if (colour[v] == 1) report(v)
        else if (colour[v] == 0) visit(v)
    }
    depth--; colour[u] = 2
}
function report(v,   i, start, msg) {
    for (i = depth; i > 0; i--) if (stack[i] == v) { start = i; break }
    msg = ""
    for (i = start; i <= depth; i++) {
        nxt = (i < depth) ? stack[i + 1] : v
        msg = msg sprintf("  %s -> %s (%s)\n", stack[i], nxt, edge[stack[i] SUBSEP nxt])
    }
    printf "circle:\n%s", msg
    bad = 1
}
END {
    for (u in out) if (colour[u] == 0) visit(u)
    if (bad) { print "layers: the imports above break design.md'"'"'s map"; exit 1 }
    print "layers: ok"
}'

# The awk peer of `fukurou scan` in bench/run.sh: a hash join of an access log against
# an indicator list on the client address and on the referrer's host and its parent
# domains, printing the matching lines.
NR == FNR { ioc[$1] = 1; next }
{
    if ($1 in ioc) { print; next }
    n = split($0, q, "\"")
    if (n < 4) next
    ref = q[4]
    if (ref == "-") next
    sub(/^[a-zA-Z]+:\/\//, "", ref)
    sub(/[\/?#:].*$/, "", ref)
    host = tolower(ref)
    while (host != "") {
        if (host in ioc) { print; next }
        if (index(host, ".") == 0) break
        sub(/^[^.]*\./, "", host)
    }
}

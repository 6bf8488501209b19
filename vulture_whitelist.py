"""What `vulture --min-confidence 80 reportgen vulture_whitelist.py` (run by `make test`) would report, kept
on purpose, each with the reason. A name listed here counts as used."""

# package._cached(path, mtime, size, inode, kind): the file's modification time and inode are arguments only
# so that lru_cache keys on them (a template replaced in place is read again); the body never reads them.
mtime
inode

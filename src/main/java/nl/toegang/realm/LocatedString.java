package nl.toegang.realm;

/** A resolved scalar value and the line it came from, so later checks can still point at it. */
record LocatedString(String value, int line) {
}

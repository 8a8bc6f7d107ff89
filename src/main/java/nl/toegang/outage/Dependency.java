package nl.toegang.outage;

/** A backing service whose outage makes Toegang answer 503. The label is the metric tag value: a fixed word. */
public enum Dependency {
    DATABASE("database"),
    REDIS("redis");

    private final String label;

    Dependency(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

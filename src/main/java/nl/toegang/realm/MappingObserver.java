package nl.toegang.realm;

import org.yaml.snakeyaml.nodes.MappingNode;

import java.util.List;

/**
 * Sees every mapping the parser opens, with the exact field names it allows there. The parser itself never needs it;
 * it lets the schema agreement test list the accepted fields per place in the file from the reader's own lists,
 * instead of a second, hand-kept copy (RealmSchemaAgreementTest).
 */
@FunctionalInterface
interface MappingObserver {
    MappingObserver NONE = (node, allowed) -> {
    };

    void opened(MappingNode node, List<String> allowed);
}

package io.j8s.apiserver.http;

/**
 * What the client asked for in {@code Accept}: a Table (what kubectl get asks for), YAML, or
 * JSON; and aggregated discovery for {@code /api} and {@code /apis}.
 *
 * @param discoveryVersion "v2" or "v2beta1" when aggregated discovery is acceptable, else null
 */
record Negotiation(boolean table, boolean yaml, String includeObject, String discoveryVersion) {

    static Negotiation of(Exchange ex) {
        String accept = ex.header("Accept");
        if (accept == null) accept = "";
        boolean table = false;
        boolean yaml = false;
        String discovery = null;
        // Clients list what they take in order of preference; the first one we can serve wins.
        for (String part : accept.split(",")) {
            String p = part.trim().replace(" ", "");
            if (p.contains("as=Table") && p.contains("g=meta.k8s.io")) {
                table = true;
                break;
            }
            if (p.contains("as=APIGroupDiscoveryList") && p.contains("g=apidiscovery.k8s.io")) {
                if (p.contains("v=v2beta1")) discovery = "v2beta1";
                else if (p.contains("v=v2;") || p.endsWith("v=v2")) discovery = "v2";
                if (discovery != null) break;
                continue;
            }
            if (p.startsWith("application/yaml")) {
                yaml = true;
                break;
            }
            if (p.startsWith("application/json") || p.startsWith("*/*")) break;
        }
        String include = ex.query("includeObject", "Metadata");
        return new Negotiation(table, yaml, include, discovery);
    }
}

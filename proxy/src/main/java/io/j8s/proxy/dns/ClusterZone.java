package io.j8s.proxy.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Answers one query from the index, as CoreDNS's kubernetes plugin does, or says it is not ours
 * to answer ({@link Answer.Forward}). Authoritative answers carry AA; NXDOMAIN and NODATA carry
 * the zone's SOA in the authority section; an ExternalName's CNAME whose target is outside the
 * zone comes back as {@link Answer.Chase}, for the server to resolve the target upstream.
 */
final class ClusterZone {

    /** What to do with a query. */
    sealed interface Answer {
        /** Answered here; {@code response} is complete. */
        record Local(Message response) implements Answer {}

        /** Not in the cluster zone (or a reverse name nobody here owns): forward it upstream. */
        record Forward() implements Answer {}

        /** {@code response} holds a CNAME to {@code target} outside the zone: append the target's records from upstream. */
        record Chase(Message response, Name target, int type) implements Answer {}
    }

    /** The schema version of the Kubernetes DNS specification, as CoreDNS answers {@code dns-version}. */
    static final String SCHEMA_VERSION = "1.1.0";

    private static final Name IN_ADDR = Name.fromConstantString("in-addr.arpa.");
    private static final Name IP6 = Name.fromConstantString("ip6.arpa.");

    private final ClusterIndex index;
    private final java.util.function.BooleanSupplier synced;
    private final Name zone;
    private final Name podZone;
    private final Name svcZone;
    private final Name nsName;
    private final Name hostmaster;
    private final Name version;

    ClusterZone(ClusterIndex index) {
        this(index, () -> true);
    }

    /** @param synced whether the index holds the API's state yet: until then cluster names are SERVFAIL, not NXDOMAIN */
    ClusterZone(ClusterIndex index, java.util.function.BooleanSupplier synced) {
        this.index = index;
        this.synced = synced;
        this.zone = index.zone();
        this.podZone = ServiceRecords.name("pod", zone);
        this.svcZone = ServiceRecords.name("svc", zone);
        this.nsName = ServiceRecords.name("ns.dns", zone);
        this.hostmaster = ServiceRecords.name("hostmaster", zone);
        this.version = ServiceRecords.name("dns-version", zone);
    }

    Answer answer(Message query) {
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY) return new Answer.Local(error(query, Rcode.NOTIMP));
        if (question == null || query.getSection(Section.QUESTION).size() != 1) return new Answer.Local(error(query, Rcode.FORMERR));
        Name qname = question.getName();
        int qtype = question.getType();
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) return new Answer.Forward();
        if (qname.subdomain(zone)) {
            // As CoreDNS answers records not yet synchronized: SERVFAIL, rather than a wrong and cacheable NXDOMAIN.
            if (!synced.getAsBoolean()) return new Answer.Local(error(query, Rcode.SERVFAIL));
            return inZone(query, qname, qtype);
        }
        if (qname.subdomain(IN_ADDR) || qname.subdomain(IP6)) {
            List<Record> records = index.lookup(qname);
            if (records == null || records.isEmpty()) return new Answer.Forward(); // fallthrough in-addr.arpa ip6.arpa
            Message m = response(query, Rcode.NOERROR);
            addMatching(m, records, qtype);
            if (m.getSection(Section.ANSWER).isEmpty()) addSoa(m);
            return new Answer.Local(m);
        }
        return new Answer.Forward();
    }

    private Answer inZone(Message query, Name qname, int qtype) {
        if (qname.equals(zone)) {
            Message m = response(query, Rcode.NOERROR);
            if (qtype == Type.SOA || qtype == Type.ANY) m.addRecord(soa(), Section.ANSWER);
            if (qtype == Type.NS || qtype == Type.ANY) m.addRecord(new NSRecord(zone, DClass.IN, index.ttl(), nsName), Section.ANSWER);
            if (m.getSection(Section.ANSWER).isEmpty()) addSoa(m);
            return new Answer.Local(m);
        }
        if (qname.equals(version)) {
            Message m = response(query, Rcode.NOERROR);
            if (qtype == Type.TXT || qtype == Type.ANY) m.addRecord(new TXTRecord(version, DClass.IN, index.ttl(), SCHEMA_VERSION), Section.ANSWER);
            else addSoa(m);
            return new Answer.Local(m);
        }
        if (qname.subdomain(podZone) && !qname.equals(podZone)) return new Answer.Local(pod(query, qname, qtype));
        List<Record> records = qname.equals(nsName) ? nameServer() : index.lookup(qname);
        if (records == null) {
            Message m = response(query, qname.equals(podZone) || qname.equals(svcZone) ? Rcode.NOERROR : Rcode.NXDOMAIN);
            addSoa(m);
            return new Answer.Local(m);
        }
        Message m = response(query, Rcode.NOERROR);
        Record cname = records.stream().filter(r -> r.getType() == Type.CNAME).findFirst().orElse(null);
        if (cname != null && qtype != Type.CNAME) {
            m.addRecord(cname, Section.ANSWER);
            Name target = ((org.xbill.DNS.CNAMERecord) cname).getTarget();
            if (!target.subdomain(zone)) return new Answer.Chase(m, target, qtype);
            List<Record> chased = index.lookup(target);
            if (chased != null) addMatching(m, chased, qtype);
            return new Answer.Local(m);
        }
        addMatching(m, records, qtype);
        if (m.getSection(Section.ANSWER).isEmpty()) addSoa(m);
        else addGlue(m);
        return new Answer.Local(m);
    }

    /**
     * The records of {@code ns.dns.<zone>}, the SOA's and NS's name server: as CoreDNS, the cluster
     * DNS Service's ClusterIPs ({@code kube-system/kube-dns}), where every node's server is reached.
     */
    private List<Record> nameServer() {
        List<Record> kubeDns = index.lookup(ServiceRecords.name("kube-dns.kube-system.svc", zone));
        if (kubeDns == null) return null;
        List<Record> out = new ArrayList<>();
        for (Record r : kubeDns) {
            if (r.getType() == Type.A || r.getType() == Type.AAAA) out.add(r.withName(nsName));
        }
        return out;
    }

    /** {@code 10-244-1-5.ns.pod.<zone>}: CoreDNS's {@code pods insecure}, the address from the name itself. */
    private Message pod(Message query, Name qname, int qtype) {
        if (qname.labels() != podZone.labels() + 2) {
            Message m = response(query, qname.labels() == podZone.labels() + 1 ? Rcode.NOERROR : Rcode.NXDOMAIN);
            addSoa(m);
            return m;
        }
        String label = qname.getLabelString(0);
        InetAddress a = podAddress(label);
        if (a == null) {
            Message m = response(query, Rcode.NXDOMAIN);
            addSoa(m);
            return m;
        }
        Message m = response(query, Rcode.NOERROR);
        Record r = ServiceRecords.address(qname, a, index.ttl());
        if (qtype == r.getType() || qtype == Type.ANY) m.addRecord(r, Section.ANSWER);
        else addSoa(m);
        return m;
    }

    /** {@code 10-244-1-5} → 10.244.1.5; {@code fd00--1} → fd00::1; anything else null. */
    static InetAddress podAddress(String label) {
        String v4 = label.replace('-', '.');
        if (label.chars().filter(c -> c == '-').count() == 3 && label.chars().allMatch(c -> c == '-' || Character.isDigit(c))) {
            return ServiceRecords.parse(v4);
        }
        if (label.indexOf("--") >= 0 || label.chars().filter(c -> c == '-').count() == 7) {
            InetAddress a = ServiceRecords.parse(label.replace('-', ':'));
            return a instanceof java.net.Inet6Address ? a : null;
        }
        return null;
    }

    private void addMatching(Message m, List<Record> records, int qtype) {
        for (Record r : records) {
            if (qtype == Type.ANY || r.getType() == qtype) m.addRecord(r, Section.ANSWER);
        }
    }

    /** For SRV answers, the targets' addresses in the additional section, as CoreDNS gives them. */
    private void addGlue(Message m) {
        List<Name> targets = new ArrayList<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof SRVRecord srv && !targets.contains(srv.getTarget())) targets.add(srv.getTarget());
        }
        for (Name t : targets) {
            List<Record> at = index.lookup(t);
            if (at == null) continue;
            for (Record r : at) {
                if (r.getType() == Type.A || r.getType() == Type.AAAA) m.addRecord(r, Section.ADDITIONAL);
            }
        }
    }

    SOARecord soa() {
        return new SOARecord(zone, DClass.IN, index.ttl(), nsName, hostmaster, index.serial(), 7200, 1800, 86400, index.ttl());
    }

    private void addSoa(Message m) {
        m.addRecord(soa(), Section.AUTHORITY);
    }

    private static Message response(Message query, int rcode) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.AA);
        m.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) m.getHeader().setFlag(Flags.RD);
        m.getHeader().setRcode(rcode);
        m.addRecord(query.getQuestion(), Section.QUESTION);
        return m;
    }

    /** A reply with only a header (and the question, when there is one). */
    static Message error(Message query, int rcode) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) m.getHeader().setFlag(Flags.RD);
        m.getHeader().setFlag(Flags.RA);
        m.getHeader().setRcode(rcode);
        Record q = query.getQuestion();
        if (q != null) m.addRecord(q, Section.QUESTION);
        return m;
    }
}

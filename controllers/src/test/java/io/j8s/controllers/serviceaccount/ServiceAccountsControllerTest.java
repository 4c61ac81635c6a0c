package io.j8s.controllers.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.j8s.controllers.common.StaticLister;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceAccountsControllerTest {

    final StaticLister<Namespace> namespaces = new StaticLister<>();
    final StaticLister<ServiceAccount> serviceAccounts = new StaticLister<>();
    final List<String> created = new ArrayList<>();
    final ServiceAccountsController controller = new ServiceAccountsController(namespaces, serviceAccounts,
            sa -> created.add(sa.getMetadata().getNamespace() + "/" + sa.getMetadata().getName()));

    @Test
    void eachActiveNamespaceGetsADefaultServiceAccountOnce() {
        namespaces.put(new NamespaceBuilder().withNewMetadata().withName("a").endMetadata().build());
        namespaces.put(new NamespaceBuilder().withNewMetadata().withName("b").endMetadata().build());
        serviceAccounts.put(new ServiceAccountBuilder().withNewMetadata().withNamespace("b").withName("default").endMetadata().build());
        namespaces.put(new NamespaceBuilder().withNewMetadata().withName("gone").withDeletionTimestamp("2025-01-01T00:00:00Z").endMetadata()
                .build());
        for (String ns : List.of("a", "b", "gone", "missing")) controller.sync(ns);
        assertThat(created).containsExactly("a/default");
    }
}

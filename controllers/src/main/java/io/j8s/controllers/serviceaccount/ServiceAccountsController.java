package io.j8s.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.common.Lister;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EnqueueHandler;
import io.j8s.controllers.runtime.WorkQueue;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's ServiceAccounts controller: every active namespace has a {@code default}
 * ServiceAccount; one deleted is made again. (Its token is the security work's.)
 */
public final class ServiceAccountsController {

    public static final String NAME = "serviceaccount";
    static final List<String> SERVICE_ACCOUNTS = List.of("default");

    private static final Logger log = LoggerFactory.getLogger(ServiceAccountsController.class);

    private final Lister<Namespace> namespaces;
    private final Lister<ServiceAccount> serviceAccounts;
    private final Consumer<ServiceAccount> create;

    ServiceAccountsController(Lister<Namespace> namespaces, Lister<ServiceAccount> serviceAccounts, Consumer<ServiceAccount> create) {
        this.namespaces = namespaces;
        this.serviceAccounts = serviceAccounts;
        this.create = create;
    }

    public static Controller create(ControllerContext ctx) {
        SharedIndexInformer<Namespace> nsInformer = ctx.informers().of(Namespace.class);
        SharedIndexInformer<ServiceAccount> saInformer = ctx.informers().of(ServiceAccount.class);
        WorkQueue queue = ctx.workQueue("serviceaccount");
        var k8s = ctx.client();
        var sac = new ServiceAccountsController(Lister.of(nsInformer), Lister.of(saInformer),
                sa -> k8s.serviceAccounts().inNamespace(sa.getMetadata().getNamespace()).resource(sa).create());
        nsInformer.addEventHandler(new EnqueueHandler<Namespace>(queue, n -> n.getMetadata().getName()));
        saInformer.addEventHandler(new ResourceEventHandler<ServiceAccount>() {
            @Override
            public void onAdd(ServiceAccount sa) {
            }

            @Override
            public void onUpdate(ServiceAccount old, ServiceAccount cur) {
            }

            @Override
            public void onDelete(ServiceAccount sa, boolean unknown) {
                if (SERVICE_ACCOUNTS.contains(sa.getMetadata().getName())) queue.add(sa.getMetadata().getNamespace());
            }
        });
        return new Controller(NAME, queue, sac::sync, List.of(nsInformer::hasSynced, saInformer::hasSynced));
    }

    void sync(String namespace) {
        Namespace ns = namespaces.get("", namespace);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null
                || (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()))) {
            return;
        }
        for (String name : SERVICE_ACCOUNTS) {
            if (serviceAccounts.get(namespace, name) != null) continue;
            try {
                create.accept(new ServiceAccountBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build());
                log.info("Created ServiceAccount {}/{}", namespace, name);
            } catch (KubernetesClientException e) {
                // Made meanwhile, or the namespace began terminating: nothing to do.
                if (e.getCode() != 409 && e.getCode() != 403) throw e;
            }
        }
    }
}

# Run with the shared acceptance harness (root: each agent in its own network namespace):
#   LAB_DIR=proxy/src/test/lab NODES="node-1 node-2" ../shared/acceptance/run.sh kproxy-smoke
# (with lib.sh's jp fixed, see the issue #7 brief). Until the endpoint controllers are merged the
# EndpointSlice is written by hand; lab 06-services is the real test after the merge.
# kproxy smoke: pods, a Service with a chosen ClusterIP, its EndpointSlice written by hand (no
# endpoint controller in this branch), kube-proxy of each agent programming nftables.
NS=smoke
$KUBECTL create namespace $NS >/dev/null 2>&1
for n in 1 2; do
cat <<YAML | $KUBECTL -n $NS apply -f - >/dev/null
apiVersion: v1
kind: Pod
metadata:
  name: web-$n
spec:
  nodeName: node-$n
  containers:
  - name: web
    image: busybox
    command: ["busybox", "sh", "-c", "mkdir -p /tmp/www && echo web-$n > /tmp/www/index.html && exec busybox httpd -f -p 8080 -h /tmp/www"]
YAML
done
cat <<'YAML' | $KUBECTL -n $NS apply -f - >/dev/null
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  nodeName: node-1
  containers:
  - name: main
    image: busybox
    command: ["busybox", "sleep", "3600"]
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: 10.96.5.5
  type: NodePort
  ports:
  - port: 80
    targetPort: 8080
    nodePort: 30555
---
apiVersion: v1
kind: Service
metadata:
  name: empty
spec:
  clusterIP: 10.96.5.6
  ports:
  - port: 80
    targetPort: 8080
YAML
running() { [ "$(jp "-n $NS pod/$1" '{.status.phase}')" = Running ]; }
eventually "web-1 runs" 60 running web-1
eventually "web-2 runs" 60 running web-2
eventually "client runs" 60 running client
IP1=$(jp "-n $NS pod/web-1" '{.status.podIP}')
IP2=$(jp "-n $NS pod/web-2" '{.status.podIP}')
cat <<YAML | $KUBECTL -n $NS apply -f - >/dev/null
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-1
  labels:
    kubernetes.io/service-name: web
addressType: IPv4
ports:
- port: 8080
  protocol: TCP
  name: ""
endpoints:
- addresses: ["$IP1"]
  nodeName: node-1
  conditions: {ready: true}
- addresses: ["$IP2"]
  nodeName: node-2
  conditions: {ready: true}
YAML
fetch() { $KUBECTL -n $NS exec client -- curl -s -m 3 "$1"; }
contains "node-1 says its proxy mode" "nftables" $KUBECTL get node node-1 -o jsonpath='{.metadata.annotations.j8s\.io/proxy-mode}'
eventually_contains() { fetch "$1" | grep -q "$2"; }
eventually "the ClusterIP reaches a web pod" 20 eventually_contains "http://10.96.5.5/" web-
spread() { for i in $(seq 1 20); do fetch "http://10.96.5.5/" 2>/dev/null; done | sort -u | grep -c web-; }
check "both pods (both nodes) get requests" test "$(spread)" -ge 2
refused() { $KUBECTL -n $NS exec client -- curl -s -m 3 http://10.96.5.6/; [ $? -eq 7 ]; }
check "a ClusterIP without endpoints refuses" refused
wrong_port() { $KUBECTL -n $NS exec client -- curl -s -m 3 http://10.96.5.5:81/; [ $? -eq 7 ]; }
check "a port the Service does not have is refused" wrong_port
contains "the NodePort answers on node-2's address" "web-" fetch "http://10.250.0.12:30555/"
check "healthz on node-1" sh -c "ip netns exec \$J8S_LAB_NET-node-1 curl -s -m 3 http://127.0.0.1:10256/healthz | grep -q lastUpdated"
check "metrics on node-1" sh -c "ip netns exec \$J8S_LAB_NET-node-1 curl -s -m 3 http://127.0.0.1:10249/metrics | grep -q kubeproxy_sync_proxy_rules_duration_seconds"
$KUBECTL delete namespace $NS --wait=false >/dev/null 2>&1

# The extraction fairweather-gate does, in jq: the status of GitHub's four
# watched components (by id) and the unresolved incidents with their impact.
.components as $c
| (["br0l2tvcx85d", "brv1bkgrwx7q", "8l4ygp009s5s", "4230lsnqdsld"][] as $id
   | ($c | map(select(.id == $id))
         | if length > 0 then "\(.[0].name)=\(.[0].status)" else "\($id)=missing" end)),
  ((.incidents // [])[] | "\(.id) \(.impact)")

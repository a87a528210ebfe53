import { useState } from "react";
import type { KpiDefinition } from "../api";
import { AddKpiForm } from "../components/AddKpiForm";
import { KpiCard } from "../components/KpiCard";
import { Empty, ErrorNotice, Loading } from "../components/Status";
import { loadKpisWithData } from "../kpi-data";
import { kpiHref } from "../router";
import { useLoad } from "../use-load";

export function KpisPage() {
  const kpis = useLoad(loadKpisWithData, []);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<KpiDefinition | null>(null);

  return (
    <>
      <div className="page-head page-head-actions">
        <div>
          <h1>KPIs</h1>
          <p className="lede">
            The numbers that say how the business is doing, each counted per period from your data, with its
            goal and the points a control chart finds unusual.
          </p>
        </div>
        {!adding && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setAdding(true);
              setAdded(null);
            }}
            data-testid="add-kpi"
          >
            Add a KPI
          </button>
        )}
      </div>

      {adding && (
        <AddKpiForm
          existing={kpis.data?.map((k) => k.kpi.name) ?? []}
          onCancel={() => setAdding(false)}
          onCreated={(kpi) => {
            setAdding(false);
            setAdded(kpi);
            kpis.reload();
          }}
        />
      )}

      {added && (
        <div className="notice notice-success" role="status" data-testid="add-kpi-success">
          <div className="notice-title">
            Added <a href={kpiHref(added.name)}>{added.label ?? added.name}</a>. It is saved in opsloop.yaml.
          </div>
        </div>
      )}

      <section className="section" aria-label="KPIs">
        {kpis.status === "loading" && !kpis.data && <Loading what="the KPIs" />}
        {kpis.status === "error" && <ErrorNotice error={kpis.error} what="the KPIs" onRetry={kpis.reload} />}
        {kpis.data && kpis.data.length === 0 && (
          <Empty title="No KPIs yet">
            Add one from the library with <strong>Add a KPI</strong>: revenue, orders, conversion, response
            time and more, counted from a dataset's columns.
          </Empty>
        )}
        {kpis.data && kpis.data.length > 0 && (
          <div className="kpi-cards" data-testid="kpi-list">
            {kpis.data.map(({ kpi, lastData }) => (
              <KpiCard key={kpi.name} kpi={kpi} lastData={lastData} />
            ))}
          </div>
        )}
      </section>
    </>
  );
}

/** Filter fields shared by the explorer pages; plain GET forms, so filters live in the URL. */

export type SelectOption = string | { value: string; label: string };

/** A select whose empty first option means "any": choosing it drops the filter. */
export function SelectField({ label, name, value, options, anyLabel }: { label: string; name: string; value?: string; options: readonly SelectOption[]; anyLabel: string }) {
  return (
    <label className="field">
      {label}
      <select name={name} defaultValue={value ?? ""}>
        <option value="">{anyLabel}</option>
        {options.map((option) => {
          const { value: optionValue, label: optionLabel } = typeof option === "string" ? { value: option, label: option } : option;
          return <option key={optionValue} value={optionValue}>{optionLabel}</option>;
        })}
      </select>
    </label>
  );
}

export function AgentSelect({ agents, value, name = "agent" }: { agents: ReadonlyArray<{ id: string; name: string }>; value?: string; name?: string }) {
  return <SelectField label="Agent" name={name} value={value} options={agents.map((agent) => ({ value: agent.id, label: agent.name }))} anyLabel="All agents" />;
}

export function CategorySelect({ categories, value }: { categories: readonly string[]; value?: string }) {
  return <SelectField label="Category" name="category" value={value} options={categories} anyLabel="All categories" />;
}

export function DateRangeFields({ from, to }: { from?: string; to?: string }) {
  return (
    <>
      <label className="field">
        From (UTC)
        <input type="date" name="from" defaultValue={from ?? ""} />
      </label>
      <label className="field">
        To (UTC)
        <input type="date" name="to" defaultValue={to ?? ""} />
      </label>
    </>
  );
}

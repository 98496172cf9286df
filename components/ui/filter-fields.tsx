/** Filter fields shared by the explorer pages; plain GET forms, so filters live in the URL. */
export function AgentSelect({ agents, value, name = "agent" }: { agents: Array<{ id: string; name: string }>; value?: string; name?: string }) {
  return (
    <label className="field">
      Agent
      <select name={name} defaultValue={value ?? ""}>
        <option value="">All agents</option>
        {agents.map((agent) => <option key={agent.id} value={agent.id}>{agent.name}</option>)}
      </select>
    </label>
  );
}

export function CategorySelect({ categories, value }: { categories: string[]; value?: string }) {
  return (
    <label className="field">
      Category
      <select name="category" defaultValue={value ?? ""}>
        <option value="">All categories</option>
        {categories.map((category) => <option key={category} value={category}>{category}</option>)}
      </select>
    </label>
  );
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

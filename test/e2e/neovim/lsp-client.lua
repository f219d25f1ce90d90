-- Neovim (0.7+) as a second real LSP client of the Bulwark language server, run headless by
-- neovim.test.ts. For each entry of the plan it opens the file, waits for the diagnostics, asks
-- for the code actions of one finding, applies the chosen one and waits for the finding to go.
-- Everything it sees goes to stdout as `BULWARK <json>` lines; the test asserts on them.
-- Environment: BULWARK_SERVER (the server script), BULWARK_WORKSPACE (a folder),
-- BULWARK_PLAN (JSON: [{ "file": ..., "rule": ..., "action": ... }]).
local WAIT_MS = 15000

local function emit(event)
  io.stdout:write('BULWARK ' .. vim.fn.json_encode(event) .. '\n')
end

local function fail(message)
  emit({ error = message })
  vim.cmd('cquit 1')
end

local workspace = os.getenv('BULWARK_WORKSPACE')
local plan = vim.fn.json_decode(os.getenv('BULWARK_PLAN'))

local client_id = vim.lsp.start_client({
  name = 'bulwark',
  cmd = { 'node', os.getenv('BULWARK_SERVER'), '--stdio' },
  root_dir = workspace,
  workspace_folders = { { uri = vim.uri_from_fname(workspace), name = 'workspace' } },
})
if not client_id then fail('start_client returned nil') end

local function code_of(diagnostic)
  return ((diagnostic.user_data or {}).lsp or {}).code
end

local function summarize(diagnostics)
  return vim.tbl_map(function(d)
    return { code = code_of(d), source = d.source, severity = d.severity, message = d.message,
             range = { d.lnum, d.col, d.end_lnum, d.end_col } }
  end, diagnostics)
end

-- Neovim 0.7 keeps only code, codeDescription, tags, relatedInformation and data of the LSP
-- diagnostic, so the range the server needs in the code-action context is rebuilt.
local function to_lsp(d)
  local lsp = (d.user_data or {}).lsp or {}
  return { range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
           severity = d.severity, message = d.message, source = d.source, code = lsp.code, data = lsp.data }
end

local function find(bufnr, rule)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == rule then return d end
  end
end

for _, step in ipairs(plan) do
  vim.cmd('edit ' .. vim.fn.fnameescape(workspace .. '/' .. step.file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  if not vim.wait(WAIT_MS, function() return find(bufnr, step.rule) ~= nil end, 50) then
    fail(step.file .. ': no ' .. step.rule .. ' diagnostic; got ' .. vim.inspect(summarize(vim.diagnostic.get(bufnr))))
  end
  emit({ file = step.file, filetype = vim.bo[bufnr].filetype, diagnostics = summarize(vim.diagnostic.get(bufnr)) })

  local target = to_lsp(find(bufnr, step.rule))
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = target.range,
    context = { diagnostics = { target } },
  }, WAIT_MS)
  if not responses then fail('codeAction: ' .. tostring(err)) end
  local actions = {}
  for _, response in pairs(responses) do
    if response.error then fail('codeAction error: ' .. vim.inspect(response.error)) end
    vim.list_extend(actions, response.result or {})
  end
  emit({ file = step.file, actions = vim.tbl_map(function(a) return a.title end, actions) })

  local chosen
  for _, action in ipairs(actions) do
    if action.title == step.action then chosen = action end
  end
  if not chosen then fail(step.file .. ': no code action ' .. step.action) end
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  if not vim.wait(WAIT_MS, function() return find(bufnr, step.rule) == nil end, 50) then
    fail(step.file .. ': ' .. step.rule .. ' is still reported after "' .. step.action .. '"')
  end
  emit({ file = step.file, applied = step.action, text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n'),
         diagnostics = summarize(vim.diagnostic.get(bufnr)) })
end

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
emit({ done = true })
vim.cmd('qall!')

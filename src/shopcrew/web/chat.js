// The shopcrew web chat: plain JS talking to POST v1/messages and GET v1/conversations/{id}.
"use strict";

(() => {
  const CONVERSATION_KEY = "shopcrew.conversation_id";
  const EMAIL_KEY = "shopcrew.customer_email";
  const messagesUrl = new URL(document.body.dataset.messagesUrl, document.baseURI);
  const conversationsUrl = new URL(document.body.dataset.conversationsUrl, document.baseURI);

  const list = document.getElementById("messages");
  const form = document.getElementById("composer");
  const textBox = document.getElementById("text");
  const sendButton = document.getElementById("send");
  const imagesInput = document.getElementById("images");
  const attachments = document.getElementById("attachments");
  const emailInput = document.getElementById("customer-email");
  const conversationLabel = document.getElementById("conversation-label");
  const productTemplate = document.getElementById("product-card");
  // A person's replies arrive without a shopper turn: poll for them (often while a person owns the thread).
  const POLL_HUMAN_MS = 3000;
  const POLL_IDLE_MS = 15000;
  let lastSeq = 0;
  let owner = null;
  let pollTimer = null;

  function conversationId() {
    return localStorage.getItem(CONVERSATION_KEY);
  }

  function setConversationId(id) {
    if (id) localStorage.setItem(CONVERSATION_KEY, id);
    else localStorage.removeItem(CONVERSATION_KEY);
    conversationLabel.textContent = id ? `conversation ${id}` : "new conversation";
  }

  function agentLabel(agents) {
    // "human" is the handoff step, said by the assistant; a person's own replies are labelled "our team".
    const named = (agents || []).filter((name) => name !== "human");
    if (named.length === 0) return "assistant";
    return named.map((name) => name.replaceAll("_", " ")).join(" + ");
  }

  function scrollToEnd() {
    list.scrollTop = list.scrollHeight;
  }

  function addMessage(role, text, options = {}) {
    const item = document.createElement("li");
    item.className = `message ${role}`;
    if ((role === "assistant" && options.agents) || options.label) {
      const agent = document.createElement("span");
      agent.className = "agent";
      agent.textContent = options.label || agentLabel(options.agents);
      item.append(agent);
    }
    const body = document.createElement("p");
    body.className = "text";
    body.textContent = text; // never innerHTML: replies and shopper text are untrusted
    item.append(body);
    list.append(item);
    scrollToEnd();
    return item;
  }

  function addNote(item, text) {
    const note = document.createElement("span");
    note.className = "note";
    note.textContent = text;
    item.append(note);
  }

  function addProducts(item, products) {
    const grid = document.createElement("ul");
    grid.className = "products";
    for (const product of products) {
      const card = productTemplate.content.firstElementChild.cloneNode(true);
      card.querySelector(".product-name").textContent = product.name;
      card.querySelector(".product-price").textContent = `$${product.price}`;
      card.querySelector(".product-id").textContent = `#${product.id}`;
      if (product.cart_url) {
        // The link carries the attribution token of this showing; it opens the store's cart.
        const link = card.querySelector(".product-cart");
        link.href = product.cart_url;
        link.textContent = product.variant ? `Add to cart (${product.variant})` : "Add to cart";
        link.hidden = false;
      }
      grid.append(card);
    }
    item.append(grid);
  }

  function showStored(message) {
    if (message.role === "shopper") addMessage("user", message.text);
    else if (message.role === "human") addMessage("assistant human", message.text, { label: "our team" });
    else if (message.role === "system") addMessage("note", message.text);
    else addMessage("assistant", message.text, { agents: message.agent ? [message.agent] : [] });
  }

  function schedulePoll() {
    clearTimeout(pollTimer);
    if (!conversationId()) return;
    pollTimer = setTimeout(poll, owner === "human" ? POLL_HUMAN_MS : POLL_IDLE_MS);
  }

  let polling = false;

  async function poll() {
    const id = conversationId();
    if (!id || polling) return;
    polling = true;
    try {
      const url = new URL(`${encodeURIComponent(id)}/messages`, conversationsUrl);
      url.searchParams.set("after", String(lastSeq));
      const response = await fetch(url);
      if (response.ok) {
        const update = await response.json();
        owner = update.owner;
        for (const message of update.messages) {
          lastSeq = Math.max(lastSeq, message.seq);
          // The page already shows the shopper's messages and the assistant's turns it asked for.
          if (message.role === "human" || message.role === "system") showStored(message);
        }
      }
    } catch (_) {
      // offline: try again later
    } finally {
      polling = false;
    }
    schedulePoll();
  }

  function showTurn(turn) {
    owner = turn.owner;
    if (!turn.reply && turn.owner === "human") {
      // A person owns the conversation: the assistant stays silent and the message waits for them.
      addMessage("note", "Sent to our team - a person will reply here.");
      scrollToEnd();
      return;
    }
    const item = addMessage("assistant", turn.reply, { agents: turn.agents });
    if (turn.products && turn.products.length > 0) addProducts(item, turn.products);
    for (const action of turn.actions || []) addNote(item, `${action.name.replaceAll("_", " ")}: ${action.status}`);
    if (turn.handoff) addNote(item, turn.handoff === "human" ? "Handed over to our team" : `Handed over: ${turn.handoff}`);
    scrollToEnd();
  }

  function showError(text) {
    addMessage("error", text);
  }

  async function errorBody(response) {
    try {
      const payload = await response.json();
      if (payload && payload.error) return payload.error;
    } catch (_) {
      // not JSON: fall through
    }
    return { code: "http_error", message: `The server answered ${response.status}.` };
  }

  function readAsBase64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  async function selectedImages() {
    const files = Array.from(imagesInput.files || []);
    if (files.length === 0) return null;
    return Promise.all(
      files.map(async (file) => ({ media_type: file.type || "image/jpeg", data: await readAsBase64(file) })),
    );
  }

  function customer() {
    const email = emailInput.value.trim();
    return email ? { email } : null;
  }

  async function send(text) {
    const images = await selectedImages();
    const shown = images ? `${text}\n📷 ${images.length} photo${images.length > 1 ? "s" : ""}` : text;
    addMessage("user", shown);
    const pending = addMessage("assistant pending", "…");
    const body = {
      conversation_id: conversationId(),
      customer: customer(),
      channel: "web",
      text,
      images,
    };
    try {
      const response = await fetch(messagesUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      pending.remove();
      if (response.ok) {
        const turn = await response.json();
        setConversationId(turn.conversation_id);
        showTurn(turn);
        poll();
        return true;
      }
      const error = await errorBody(response);
      if (error.code === "conversation_not_found") {
        setConversationId(null);
        showError("That conversation is no longer available; send your message again to start a new one.");
      } else {
        showError(error.message);
      }
    } catch (error) {
      pending.remove();
      showError(`Could not reach the assistant (${error.message}).`);
    }
    return false;
  }

  async function restore() {
    const id = conversationId();
    setConversationId(id);
    if (!id) return;
    try {
      const response = await fetch(new URL(encodeURIComponent(id), conversationsUrl));
      if (response.status === 404) {
        setConversationId(null);
        return;
      }
      if (!response.ok) return;
      const conversation = await response.json();
      owner = conversation.owner;
      for (const message of conversation.messages) {
        showStored(message);
        lastSeq = Math.max(lastSeq, message.seq);
      }
      schedulePoll();
    } catch (_) {
      // offline: the next message will tell
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = textBox.value.trim();
    if (!text) return;
    sendButton.disabled = true;
    textBox.value = "";
    const sent = await send(text);
    if (sent) {
      imagesInput.value = "";
      attachments.hidden = true;
    }
    sendButton.disabled = false;
    textBox.focus();
  });

  textBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  imagesInput.addEventListener("change", () => {
    const count = imagesInput.files ? imagesInput.files.length : 0;
    attachments.hidden = count === 0;
    attachments.textContent = count ? `${count} photo${count > 1 ? "s" : ""} attached` : "";
  });

  emailInput.value = localStorage.getItem(EMAIL_KEY) || "";
  emailInput.addEventListener("change", () => {
    const email = emailInput.value.trim();
    if (email) localStorage.setItem(EMAIL_KEY, email);
    else localStorage.removeItem(EMAIL_KEY);
  });

  document.getElementById("new-conversation").addEventListener("click", () => {
    setConversationId(null);
    clearTimeout(pollTimer);
    lastSeq = 0;
    owner = null;
    for (const item of Array.from(list.children)) if (!item.classList.contains("intro")) item.remove();
    textBox.focus();
  });

  restore();
})();
